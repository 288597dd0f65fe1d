// A request that names a header twice, as any HTTP/2 client may send it, although Node's own client refuses to
// (`authorization` is a single-value header there, ERR_HTTP2_HEADER_SINGLE_VALUE). A loopback TCP proxy stands
// between a Node client and the gateway and replaces the request's header block with one written here, as HPACK
// literals without indexing; everything else passes through untouched, so the answer is read by Node's client.
import { createServer, connect as connectTcp, type Server, type Socket } from 'node:net';
import { RawGrpcSession, type RawAnswer } from './grpc-test-client.ts';

const PREFACE_BYTES = 24;
const FRAME_HEADER_BYTES = 9;
const HEADERS = 0x1;
const END_STREAM = 0x1;
const END_HEADERS = 0x4;

/** An HPACK integer with an N-bit prefix (RFC 7541, 5.1). */
function hpackInteger(value: number, prefixBits: number): number[] {
  const max = (1 << prefixBits) - 1;
  if (value < max) return [value];
  const bytes = [max];
  let rest = value - max;
  while (rest >= 128) {
    bytes.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}

/** A header field as a literal without indexing, new name, no Huffman coding (RFC 7541, 6.2.2). */
function literalField(name: string, value: string): Buffer {
  const nameBytes = Buffer.from(name);
  const valueBytes = Buffer.from(value);
  return Buffer.concat([
    Buffer.from([0x00, ...hpackInteger(nameBytes.length, 7)]),
    nameBytes,
    Buffer.from(hpackInteger(valueBytes.length, 7)),
    valueBytes,
  ]);
}

/**
 * Calls `path` on the gateway at `target` with `headers` (repeats allowed) besides the usual gRPC ones, sending
 * `body` as the request stream. One call per connection: the replaced block leaves the client's HPACK table
 * different from the server's, so the connection serves nothing after it.
 */
export async function callWithRawHeaders(
  target: string,
  path: string,
  headers: ReadonlyArray<readonly [string, string]>,
  body: Buffer,
): Promise<RawAnswer> {
  const [host, port] = [
    target.slice(0, target.lastIndexOf(':')),
    Number(target.slice(target.lastIndexOf(':') + 1)),
  ];
  const block = Buffer.concat(
    [
      [':method', 'POST'],
      [':scheme', 'http'],
      [':path', path],
      [':authority', target],
      ['content-type', 'application/grpc'],
      ['te', 'trailers'],
      ...headers,
    ].map(([name, value]) => literalField(name!, value!)),
  );
  const sockets: Socket[] = [];
  const proxy: Server = createServer((client) => {
    const upstream = connectTcp(port, host);
    sockets.push(client, upstream);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    upstream.pipe(client);
    let pending = Buffer.alloc(0);
    let prefaceSent = false;
    let replaced = false;
    client.on('data', (chunk: Buffer) => {
      if (replaced) {
        upstream.write(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      if (!prefaceSent) {
        if (pending.length < PREFACE_BYTES) return;
        upstream.write(pending.subarray(0, PREFACE_BYTES));
        pending = pending.subarray(PREFACE_BYTES);
        prefaceSent = true;
      }
      while (!replaced && pending.length >= FRAME_HEADER_BYTES) {
        const end = FRAME_HEADER_BYTES + pending.readUIntBE(0, 3);
        if (pending.length < end) return;
        const type = pending[3]!;
        const flags = pending[4]!;
        if (type === HEADERS) {
          if (!(flags & END_HEADERS)) {
            // A block split over CONTINUATION frames is not handled here: fail the call rather than guess.
            client.destroy();
            upstream.destroy();
            return;
          }
          const frame = Buffer.alloc(FRAME_HEADER_BYTES);
          frame.writeUIntBE(block.length, 0, 3);
          frame[3] = HEADERS;
          // Padding and priority fields belonged to the old block: the new one carries neither.
          frame[4] = flags & (END_STREAM | END_HEADERS);
          pending.copy(frame, 5, 5, 9);
          upstream.write(Buffer.concat([frame, block]));
          replaced = true;
        } else {
          upstream.write(pending.subarray(0, end));
        }
        pending = pending.subarray(end);
      }
      if (replaced && pending.length > 0) upstream.write(pending);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  const session = new RawGrpcSession(`127.0.0.1:${address.port}`);
  try {
    return await session.call(path, body);
  } finally {
    session.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => proxy.close(resolve));
  }
}
