// A client that opens 10,000 streams (on a few HTTP/2 connections, never reading an answer) cannot make the gateway
// hold 10,000 calls: each connection gets SIEVE_MAX_CONCURRENT_STREAMS at once and the rest wait in the client,
// so the gateway's memory stays bounded and another client is answered as usual. Raw HTTP/2 streams, because a
// grpc-js client per stream would cost the test more than the gateway.
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, type ClientHttp2Session } from 'node:http2';
import { SieveCluster, tinyModelDir } from '@sieve/testing';
import { encode, grpcFrame } from './grpc-test-client.ts';

const SESSIONS = 4;
const STREAMS = 10_000;
const MAX_CONCURRENT_STREAMS = 256;

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

describe('10,000 streams from one client', { timeout: 120_000 }, () => {
  let cluster: SieveCluster;

  before(async () => {
    cluster = await SieveCluster.start({ modelDir: await tinyModelDir() });
    // Warm up, so that the baseline includes what any first call loads.
    for (let i = 0; i < 5; i++) await cluster.classify({ model: 'tiny', texts: [`warm ${i}`] });
  });
  after(() => cluster?.stop());

  /** Opens STREAMS ClassifyStream calls over SESSIONS connections, writing `first` on each and reading nothing. */
  function flood(first: Buffer | undefined) {
    const sessions: ClientHttp2Session[] = [];
    const answered = { streams: 0 };
    for (let s = 0; s < SESSIONS; s++) {
      const session = connect(`http://${cluster.gateways[0]!.address}`);
      session.on('error', () => undefined);
      sessions.push(session);
      for (let i = 0; i < STREAMS / SESSIONS; i++) {
        const stream = session.request({
          ':method': 'POST',
          ':path': '/sieve.v1.Inference/ClassifyStream',
          'content-type': 'application/grpc',
          te: 'trailers',
        });
        stream.on('error', () => undefined);
        stream.on('response', () => (answered.streams += 1));
        stream.pause();
        if (first) stream.write(first);
      }
    }
    return { answered, close: () => sessions.forEach((session) => session.destroy()) };
  }

  for (const [name, first] of [
    [
      'each sending a request and never reading',
      grpcFrame(
        encode('sieve.v1.ClassifyStreamRequest', {
          correlationId: 'c',
          request: { model: 'tiny', texts: ['a request nobody reads the answer to'] },
        }),
      ),
    ],
    ['each opened and left silent', undefined],
  ] as const) {
    it(`holds the gateway's memory and concurrency bounded with 10,000 streams ${name}`, async (t: TestContext) => {
      const gateway = cluster.gateways[0]!.process;
      const baseline = rssMiB(gateway.pid!);
      const attack = flood(first);
      try {
        await settle(3000);
        // Another client is served while the streams are held: answered, not refused or left to its deadline.
        // How long it waited depends on what else the machine runs, so it is reported, not asserted.
        const started = performance.now();
        const other = await cluster.classify(
          { model: 'tiny', texts: ['another client'] },
          { deadlineMs: 15_000 },
        );
        t.diagnostic(`another client waited ${(performance.now() - started).toFixed(0)} ms`);
        const grown = rssMiB(gateway.pid!) - baseline;
        assert.equal(other.results.length, 1);
        assert.ok(
          attack.answered.streams <= SESSIONS * MAX_CONCURRENT_STREAMS,
          `${attack.answered.streams} streams admitted at once`,
        );
        assert.ok(grown < 120, `gateway RSS grew ${grown.toFixed(0)} MiB (from ${baseline.toFixed(0)} MiB)`);
      } finally {
        attack.close();
      }
      await settle(500);
      assert.equal((await cluster.classify({ model: 'tiny', texts: ['after'] })).results.length, 1);
    });
  }
});
