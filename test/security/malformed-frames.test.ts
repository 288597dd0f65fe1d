// Bytes no gRPC library would send, straight onto an HTTP/2 stream: lying length prefixes, compression flags,
// garbage protobuf, truncated messages, a gzip bomb, invalid UTF-8 in strings. Each gets a gRPC status that names
// the problem (bytes that are not protobuf: INVALID_ARGUMENT, the caller's fault, not INTERNAL), and the gateway
// keeps answering everyone else.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { status } from '@grpc/grpc-js';
import { SieveCluster, tinyModelDir } from '@sieve/testing';
import { encode, grpcFrame, RawGrpcSession } from './grpc-test-client.ts';

const CLASSIFY = '/sieve.v1.Inference/Classify';
const STREAM = '/sieve.v1.Inference/ClassifyStream';
const SUBMIT = '/sieve.v1.Batches/Submit';
const MAX_MESSAGE_BYTES = 64 * 1024;

/** A ClassifyRequest whose second text holds bytes that are not UTF-8 (a lone continuation byte, 0xff, a CESU surrogate). */
function classifyWithBrokenText(): Buffer {
  const valid = encode('sieve.v1.ClassifyRequest', { model: 'tiny', texts: ['fine'] });
  const broken = Buffer.from([0x68, 0x80, 0xff, 0xed, 0xa0, 0x80]);
  return Buffer.concat([valid, Buffer.from([(2 << 3) | 2, broken.length]), broken]);
}

describe('malformed gRPC frames on the wire', { timeout: 120_000 }, () => {
  let cluster: SieveCluster;
  let raw: RawGrpcSession;
  const good = encode('sieve.v1.ClassifyRequest', { model: 'tiny', texts: ['still serving'] });

  before(async () => {
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { SIEVE_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) },
    });
    raw = new RawGrpcSession(cluster.gateways[0]!.address);
  });
  after(async () => {
    raw?.close();
    await cluster?.stop();
  });

  const cases: Array<{
    name: string;
    path?: string;
    body: () => Buffer;
    headers?: Record<string, string>;
    code: number;
    message: RegExp;
  }> = [
    {
      name: 'garbage instead of protobuf',
      body: () => grpcFrame(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01])),
      code: status.INVALID_ARGUMENT,
      message: /not a valid sieve\.v1\.ClassifyRequest message/,
    },
    {
      name: 'text that is not protobuf at all',
      body: () => grpcFrame(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')),
      code: status.INVALID_ARGUMENT,
      message: /not a valid sieve\.v1\.ClassifyRequest message/,
    },
    {
      name: 'a length prefix past the message limit',
      body: () => grpcFrame(good, { length: 0x7fffffff }),
      code: status.RESOURCE_EXHAUSTED,
      message: /larger than max \(2147483647 vs 65536\)/,
    },
    {
      name: 'a 4 GiB length prefix',
      body: () => grpcFrame(good, { length: 0xffffffff }),
      code: status.RESOURCE_EXHAUSTED,
      message: /larger than max/,
    },
    {
      // grpc-js answers a message cut short by the end of the stream as "no request message".
      name: 'a message shorter than its length prefix',
      body: () => grpcFrame(good, { length: good.length + 100 }),
      code: status.UNIMPLEMENTED,
      message: /no request message/,
    },
    {
      name: 'half a length prefix',
      body: () => Buffer.from([0, 0, 0]),
      code: status.UNIMPLEMENTED,
      message: /no request message/,
    },
    {
      name: 'two messages on a unary call',
      body: () => Buffer.concat([grpcFrame(good), grpcFrame(good)]),
      code: status.UNIMPLEMENTED,
      message: /second request message/,
    },
    {
      name: 'gzip-flagged bytes that are not gzip',
      body: () => grpcFrame(good, { flag: 1 }),
      headers: { 'grpc-encoding': 'gzip' },
      code: status.INTERNAL,
      message: /Failed to decompress/,
    },
    {
      name: 'a gzip bomb (64 KiB limit, 64 MiB inflated)',
      body: () => grpcFrame(gzipSync(Buffer.alloc(64 << 20)), { flag: 1 }),
      headers: { 'grpc-encoding': 'gzip' },
      code: status.RESOURCE_EXHAUSTED,
      message: /decompresses to a size larger than 65536/,
    },
    {
      name: 'an encoding nobody supports',
      body: () => grpcFrame(good, { flag: 1 }),
      headers: { 'grpc-encoding': 'lz99' },
      code: status.UNIMPLEMENTED,
      message: /unsupported encoding "lz99"/,
    },
    {
      name: 'a grpc-timeout that is not one',
      body: () => grpcFrame(good),
      headers: { 'grpc-timeout': 'soon' },
      code: status.INTERNAL,
      message: /Invalid grpc-timeout value "soon"/,
    },
    {
      name: 'a method that does not exist',
      path: '/sieve.v1.Inference/Exfiltrate',
      body: () => grpcFrame(good),
      code: status.UNIMPLEMENTED,
      message: /does not implement the method/,
    },
    {
      name: 'invalid UTF-8 in a text',
      body: () => grpcFrame(classifyWithBrokenText()),
      code: status.INVALID_ARGUMENT,
      message: /texts\[1\]: not valid UTF-8/,
    },
    {
      name: 'invalid UTF-8 in the model name',
      body: () =>
        grpcFrame(
          Buffer.concat([
            Buffer.from([(1 << 3) | 2, 3, 0x74, 0xc3, 0x28]),
            encode('sieve.v1.ClassifyRequest', { texts: ['x'] }),
          ]),
        ),
      code: status.INVALID_ARGUMENT,
      message: /model: not valid UTF-8/,
    },
    {
      name: 'invalid UTF-8 in a batch item',
      path: SUBMIT,
      body: () => {
        const spec = encode('sieve.v1.SubmitBatchRequest', {
          spec: { model: 'tiny', idempotencyKey: 'utf8' },
        });
        const item = Buffer.from([(2 << 3) | 2, 2, 0xc0, 0xaf]);
        const chunkItem = Buffer.concat([Buffer.from([(1 << 3) | 2, item.length]), item]);
        const chunk = Buffer.concat([Buffer.from([(2 << 3) | 2, chunkItem.length]), chunkItem]);
        return Buffer.concat([grpcFrame(spec), grpcFrame(chunk)]);
      },
      code: status.INVALID_ARGUMENT,
      message: /messages\[1\]\.chunk\.items\[0\]\.text: not valid UTF-8/,
    },
    {
      name: 'invalid UTF-8 in a training example of a head',
      path: '/sieve.v1.Heads/Train',
      body: () => {
        const spec = encode('sieve.v1.TrainHeadRequest', {
          spec: { baseModel: 'tiny', name: 'utf8', labels: ['ham', 'spam'] },
        });
        const example = Buffer.concat([
          Buffer.from([(1 << 3) | 2, 2, 0xc0, 0xaf]),
          Buffer.from([(2 << 3) | 2, 3]),
          Buffer.from('ham'),
        ]);
        const examples = Buffer.concat([Buffer.from([(1 << 3) | 2, example.length]), example]);
        const message = Buffer.concat([Buffer.from([(2 << 3) | 2, examples.length]), examples]);
        return Buffer.concat([grpcFrame(spec), grpcFrame(message)]);
      },
      code: status.INVALID_ARGUMENT,
      message: /messages\[1\]\.examples\.examples\[0\]\.text: not valid UTF-8/,
    },
  ];

  for (const testCase of cases) {
    it(`answers ${status[testCase.code]} to ${testCase.name}, and keeps serving`, async () => {
      const answer = await raw.call(testCase.path ?? CLASSIFY, testCase.body(), testCase.headers);
      assert.equal(answer.grpcStatus, testCase.code, `${answer.grpcStatus}: ${answer.grpcMessage}`);
      assert.match(answer.grpcMessage, testCase.message);
      const after = await raw.call(CLASSIFY, grpcFrame(good));
      assert.equal(after.grpcStatus, status.OK, after.grpcMessage);
      assert.equal(after.messages.length, 1);
    });
  }

  it('answers a compressed flag with no grpc-encoding without hanging (grpc-js reads it as uncompressed)', async () => {
    for (const flag of [1, 0x80]) {
      const answer = await raw.call(CLASSIFY, grpcFrame(good, { flag }));
      assert.ok(
        answer.grpcStatus === status.OK || answer.grpcStatus === status.INTERNAL,
        `flag ${flag}: ${answer.grpcStatus} ${answer.grpcMessage}`,
      );
    }
  });

  it('answers a wrong content type with HTTP 415, before any gRPC handling', async () => {
    const answer = await raw.call(CLASSIFY, grpcFrame(good), { 'content-type': 'text/plain' });
    assert.equal(answer.httpStatus, 415);
  });

  it("answers invalid UTF-8 on a stream in that request's answer, and the stream goes on", async () => {
    const request = (correlationId: string, body: Buffer) =>
      grpcFrame(
        Buffer.concat([
          encode('sieve.v1.ClassifyStreamRequest', { correlationId }),
          Buffer.from([(2 << 3) | 2, body.length]),
          body,
        ]),
      );
    const answer = await raw.call(
      STREAM,
      Buffer.concat([request('broken', classifyWithBrokenText()), request('fine', good)]),
    );
    assert.equal(answer.grpcStatus, status.OK, answer.grpcMessage);
    const text = answer.messages.map((message) => message.toString('latin1')).join('\n');
    assert.equal(answer.messages.length, 2);
    assert.match(text, /broken[\s\S]*texts\[1\]: not valid UTF-8/);
    assert.match(text, /fine[\s\S]*tiny@1/);
  });

  it('leaves the gateway process alive and well after all of it', async () => {
    const response = await cluster.classify({ model: 'tiny', texts: ['after the storm'] });
    assert.equal(response.results.length, 1);
    assert.ok(!cluster.gateways[0]!.process.output.some((line) => /uncaught|unhandled|FATAL/i.test(line)));
  });
});
