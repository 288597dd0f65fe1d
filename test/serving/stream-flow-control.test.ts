// gRPC flow control on ClassifyStream: a client that sends without reading its answers makes the gateway stop
// reading (and so stop enqueueing), instead of computing everything and buffering the answers in memory.
//
// The client here is raw HTTP/2 with hand-framed gRPC messages, because @grpc/grpc-js's own client keeps draining
// the socket into an unbounded buffer when the application does not read, which would hide the server's behaviour.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:http2';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { PROTO_ROOT } from '@sieve/api';
import { SieveCluster, tinyModelDir } from '@sieve/testing';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  Buffer.from(message).copy(frame, 5);
  return frame;
}

describe('ClassifyStream flow control', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;

  before(async () => {
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { SIEVE_MAX_STREAM_IN_FLIGHT: '32' },
    });
  });
  after(() => cluster?.stop());

  it('stops reading from a client that does not read its answers; other callers are unaffected', async () => {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => join(PROTO_ROOT, target);
    root.loadSync('sieve/v1/inference.proto');
    const type = root.lookupType('sieve.v1.ClassifyStreamRequest');
    const session = connect(`http://${cluster.gateways[0]!.address}`);
    const stream = session.request({
      ':method': 'POST',
      ':path': '/sieve.v1.Inference/ClassifyStream',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    stream.pause(); // never reads: HTTP/2 flow control stops the server's answers after one window
    const total = 50_000;
    let sent = 0;
    let stopped = false;
    const writer = (async () => {
      for (; sent < total && !stopped; sent++) {
        const message = type
          .encode(
            type.fromObject({
              correlationId: String(sent),
              request: { model: 'tiny', texts: [`flow ${sent}`] },
            }),
          )
          .finish();
        if (!stream.write(grpcFrame(message))) {
          await new Promise((resolve) => (stream.once('drain', resolve), stream.once('close', resolve)));
        }
      }
    })();
    await settle(4000);
    const computed = (await cluster.workerStatsAfter()).texts; // as of the worker's next heartbeat
    const sentWhileStalled = sent;
    assert.ok(computed < 5000, `the gateway kept reading: ${computed} texts computed`);
    assert.ok(
      sentWhileStalled < total,
      `the client could send everything (${sentWhileStalled}): nothing pushed back`,
    );
    const other = await cluster.classify({ model: 'tiny', texts: ['another caller'] });
    assert.equal(other.results.length, 1);
    stopped = true;
    stream.close();
    session.destroy();
    await writer.catch(() => undefined);
  });
});
