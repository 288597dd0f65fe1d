// A gateway stopped with SIGTERM while clients keep sending (Kubernetes deleting a pod under load): every request a
// client sent gets exactly one answer, and none of them is CANCELLED (clients do not retry CANCELLED). An answer is a
// result, a per-message UNAVAILABLE (GATEWAY_DRAINING, with RetryInfo) for a request that arrived after the drain
// began, or, for requests the gateway never read, the stream's own final UNAVAILABLE status. Unary calls in flight
// are answered; calls made after the drain began are refused UNAVAILABLE. The worker is frozen (SIGSTOP) around the
// SIGTERM so that requests are certainly in flight while the gateway drains.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  credentials,
  loadPackageDefinition,
  Metadata,
  status,
  type ClientDuplexStream,
  type ClientReadableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import {
  HEALTH_PROTO_DIR,
  loadSieveProtos,
  statusDetailsOf,
  unpackDetails,
  type ClassifyResponse,
  type InferenceClient,
} from '@sieve/api';
import { SieveCluster, tinyModelDir, type ServiceProcess } from '@sieve/testing';

const MODEL = 'tiny';
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface StreamAnswer {
  correlationId: string;
  response?: ClassifyResponse;
  error?: { code: number; message: string; details: Array<{ typeUrl?: string; value: Uint8Array }> };
}

/** What one ClassifyStream saw: every id it sent, every answer per id, and the status it ended with. */
class StreamLedger {
  readonly sent: string[] = [];
  readonly answers = new Map<string, StreamAnswer[]>();
  status?: { code: number; details: string; reason?: string; retryDelayMs?: number };
  readonly finished: Promise<void>;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly stream: ClientDuplexStream<object, StreamAnswer>,
  ) {
    stream.on('data', (answer: StreamAnswer) => {
      const list = this.answers.get(answer.correlationId) ?? [];
      list.push(answer);
      this.answers.set(answer.correlationId, list);
    });
    this.finished = new Promise((resolve) => {
      stream.on('status', (ended: { code: number; details: string; metadata: Metadata }) => {
        const details = statusDetailsOf(ended);
        this.status = {
          code: ended.code,
          details: ended.details,
          ...(details.errorInfo ? { reason: details.errorInfo.reason } : {}),
          ...(details.retryDelayMs !== undefined ? { retryDelayMs: details.retryDelayMs } : {}),
        };
        resolve();
      });
    });
    // A non-OK status also arrives as 'error'; 'status' above is what the ledger reads.
    stream.on('error', () => undefined);
  }

  /** Writes one request now. */
  send(text: string): void {
    const correlationId = `${this.name}-${this.sent.length}`;
    this.sent.push(correlationId);
    this.stream.write({ correlationId, request: { model: MODEL, texts: [text] } });
  }

  /** Keeps sending one request every `everyMs` until the stream ends (or `stop`), as a busy client does. */
  async keepSending(everyMs: number, max: number): Promise<void> {
    while (!this.status && !this.stopped && this.sent.length < max) {
      this.send(`${this.name} text ${this.sent.length}`);
      await settle(everyMs);
    }
  }

  halfClose(): void {
    this.stopped = true;
    this.stream.end();
  }

  stop(): void {
    this.stopped = true;
  }

  get results(): number {
    return [...this.answers.values()].filter((list) => list[0]?.response).length;
  }

  /** Every way this stream broke the drain's promise, as readable lines; empty when it kept it. */
  problems(): string[] {
    const problems: string[] = [];
    if (!this.status) return [`${this.name}: the stream never ended`];
    if (this.status.code === status.CANCELLED) problems.push(`${this.name}: ended CANCELLED`);
    for (const [id, list] of this.answers) {
      if (list.length > 1) problems.push(`${id}: answered ${list.length} times`);
      const error = list[0]?.error;
      if (error && error.code !== status.UNAVAILABLE)
        problems.push(`${id}: answered ${status[error.code]} ${error.message}`);
    }
    const unanswered = this.sent.filter((id) => !this.answers.has(id));
    // Requests the server never read are answered by the stream's UNAVAILABLE, which tells the client to retry them.
    if (unanswered.length > 0 && this.status.code !== status.UNAVAILABLE)
      problems.push(
        `${this.name}: ${unanswered.length} requests unanswered (${unanswered.slice(0, 3).join(', ')}...) ` +
          `and the stream ended ${status[this.status.code]}, which clients do not retry`,
      );
    return problems;
  }

  /** Per-message refusals, decoded. */
  refusals(): Array<{ code: number; reason?: string; retryDelayMs?: number }> {
    return [...this.answers.values()]
      .map((list) => list[0]?.error)
      .filter((error): error is NonNullable<StreamAnswer['error']> => error !== undefined)
      .map((error) => {
        const details = unpackDetails(error.details);
        return {
          code: error.code,
          ...(details.errorInfo ? { reason: details.errorInfo.reason } : {}),
          ...(details.retryDelayMs !== undefined ? { retryDelayMs: details.retryDelayMs } : {}),
        };
      });
  }
}

/** Unary calls one after the other until one fails, as a simple client does; each outcome with when it started. */
class UnaryLoop {
  readonly outcomes: Array<{ code: number; startedAt: number; endedAt: number; reason?: string }> = [];
  readonly done: Promise<void>;
  private stopped = false;

  constructor(client: InferenceClient, name: string) {
    this.done = (async () => {
      for (let i = 0; !this.stopped; i++) {
        const startedAt = Date.now();
        const code = await new Promise<{ code: number; reason?: string }>((resolve) =>
          client.Classify(
            { model: MODEL, texts: [`${name} unary ${i}`] },
            new Metadata(),
            { deadline: Date.now() + 60_000 },
            (error: ServiceError | null) =>
              resolve(
                error
                  ? { code: error.code, ...(statusDetailsOf(error).errorInfo ?? {}) }
                  : { code: status.OK },
              ),
          ),
        );
        this.outcomes.push({ ...code, startedAt, endedAt: Date.now() });
        if (code.code !== status.OK) return;
      }
    })();
  }

  stop(): void {
    this.stopped = true;
  }
}

interface HealthWatch {
  statuses: string[];
  ended: Promise<{ code: number }>;
}

function watchHealth(address: string): { watch: HealthWatch; close(): void } {
  const definition = loadSync(join(HEALTH_PROTO_DIR, 'health/v1/health.proto'), {
    keepCase: true,
    enums: String,
  });
  const loaded = loadPackageDefinition(definition) as unknown as {
    grpc: {
      health: {
        v1: {
          Health: new (
            address: string,
            creds: ReturnType<typeof credentials.createInsecure>,
          ) => {
            Watch(request: { service: string }): ClientReadableStream<{ status: string }>;
            close(): void;
          };
        };
      };
    };
  };
  const client = new loaded.grpc.health.v1.Health(address, credentials.createInsecure());
  const call = client.Watch({ service: '' });
  const statuses: string[] = [];
  call.on('data', (message: { status: string }) => statuses.push(message.status));
  call.on('error', () => undefined);
  const ended = new Promise<{ code: number }>((resolve) => call.on('status', resolve));
  return { watch: { statuses, ended }, close: () => client.close() };
}

describe('gateway drain at SIGTERM', { timeout: 240_000 }, () => {
  let cluster: SieveCluster;
  let worker: ServiceProcess;
  const clients: Array<{ close(): void }> = [];

  before(async () => {
    cluster = await SieveCluster.start({ modelDir: await tinyModelDir(), gateways: 0 });
    worker = cluster.workers[0]!;
  });
  after(async () => {
    worker?.signal('SIGCONT');
    for (const client of clients) client.close();
    await cluster?.stop();
  });

  async function gatewayWith(env: Record<string, string> = {}) {
    const gateway = await cluster.addGateway(env);
    const { grpc } = loadSieveProtos();
    // Unary calls on a connection of their own, as a separate client would make them.
    const unaryClient = new grpc.sieve.v1.Inference(gateway.address, credentials.createInsecure());
    clients.push(unaryClient);
    // Served once the gateway has seen the worker.
    for (const until = Date.now() + 15_000; ; ) {
      const ok = await cluster
        .classify({ model: MODEL, texts: ['warm up'] }, { gateway: cluster.gateways.indexOf(gateway) })
        .then(
          () => true,
          () => false,
        );
      if (ok) break;
      assert.ok(Date.now() < until, 'the gateway never served the model');
      await settle(200);
    }
    return { gateway, unaryClient };
  }

  it('answers what it admitted, refuses the rest with UNAVAILABLE, ends streams UNAVAILABLE: none lost, none CANCELLED', async (t) => {
    const { gateway, unaryClient } = await gatewayWith();
    const health = watchHealth(gateway.address);
    clients.push(health);
    const streams = ['s0', 's1', 's2'].map(
      (name) => new StreamLedger(name, gateway.client.ClassifyStream() as never),
    );
    const senders = streams.map((stream) => stream.keepSending(10, 5000));
    const unary = [0, 1, 2, 3].map((i) => new UnaryLoop(unaryClient, `u${i}`));
    for (const until = Date.now() + 30_000; streams.reduce((n, s) => n + s.results, 0) < 100; ) {
      assert.ok(Date.now() < until, 'no traffic flowed before the stop');
      await settle(50);
    }
    assert.deepEqual(health.watch.statuses, ['SERVING']);

    // Work piles up in flight: the worker is frozen.
    worker.signal('SIGSTOP');
    await settle(300);
    // A client that has said all it will say: its stream ends OK once answered, as usual.
    const halfClosed = new StreamLedger('h', gateway.client.ClassifyStream() as never);
    for (let i = 0; i < 5; i++) halfClosed.send(`half-closed ${i}`);
    halfClosed.halfClose();
    await settle(200);

    const stopAt = Date.now();
    gateway.process.signal('SIGTERM');
    await settle(700); // the clients keep sending into the drain
    worker.signal('SIGCONT');

    const exitCode = await gateway.process.exited;
    await Promise.all([...streams, halfClosed].map((stream) => stream.finished));
    for (const loop of unary) loop.stop();
    await Promise.all([...senders, ...unary.map((loop) => loop.done)]);
    const healthEnd = await health.watch.ended;

    const problems = [...streams, halfClosed].flatMap((stream) => stream.problems());
    assert.deepEqual(problems, [], problems.join('\n'));
    const drainedMs = Date.now() - stopAt;
    for (const stream of streams) {
      t.diagnostic(
        `${stream.name}: sent ${stream.sent.length}, results ${stream.results}, refused ${stream.refusals().length}, ` +
          `ended ${status[stream.status!.code]} (all settled ${drainedMs} ms after SIGTERM; the worker was frozen for the first 700 ms)`,
      );
    }
    for (const stream of streams) {
      assert.equal(stream.status?.code, status.UNAVAILABLE, `${stream.name}: ${stream.status?.details}`);
      assert.equal(stream.status?.reason, 'GATEWAY_DRAINING');
      assert.ok((stream.status?.retryDelayMs ?? 0) > 0, `${stream.name}: the final status has RetryInfo`);
    }
    // Requests sent while the worker was frozen and before SIGTERM were admitted: answered with results.
    const refusals = streams.flatMap((stream) => stream.refusals());
    assert.ok(refusals.length > 0, 'no request reached the gateway during the drain');
    for (const refusal of refusals) {
      assert.equal(refusal.code, status.UNAVAILABLE);
      assert.equal(refusal.reason, 'GATEWAY_DRAINING');
      assert.ok((refusal.retryDelayMs ?? 0) > 0, 'a refusal carries RetryInfo');
    }
    assert.equal(halfClosed.status?.code, status.OK, halfClosed.status?.details);
    assert.equal(halfClosed.results, 5);

    const outcomes = unary.flatMap((loop) => loop.outcomes);
    // Refused by the gateway (GATEWAY_DRAINING) or by the transport (GOAWAY, listener closed): both UNAVAILABLE.
    t.diagnostic(
      `unary: ${outcomes.length} calls, last of each loop: ` +
        unary
          .map(
            (loop) =>
              `${status[loop.outcomes.at(-1)!.code]} ${loop.outcomes.at(-1)!.reason ?? '(transport)'}`,
          )
          .join(', '),
    );
    const codes = outcomes.map((outcome) => status[outcome.code]);
    assert.deepEqual(
      codes.filter((code) => code !== 'OK' && code !== 'UNAVAILABLE'),
      [],
      `unary outcomes: ${codes.join(' ')}`,
    );
    assert.ok(
      outcomes.some(
        (outcome) => outcome.code === status.OK && outcome.startedAt < stopAt && outcome.endedAt > stopAt,
      ),
      'a unary call in flight at SIGTERM was answered',
    );
    assert.ok(
      unary.every((loop) => loop.outcomes.at(-1)?.code === status.UNAVAILABLE),
      'unary calls after the drain began were refused UNAVAILABLE',
    );

    // grpc.health.v1: NOT_SERVING for the whole gateway once the drain began, then a status clients retry.
    assert.deepEqual(health.watch.statuses, ['SERVING', 'NOT_SERVING']);
    assert.equal(healthEnd.code, status.UNAVAILABLE);
    assert.equal(exitCode, 0, gateway.process.output.slice(-20).join('\n'));
  });

  it('at the end of its bound ends whatever is still open with UNAVAILABLE, never CANCELLED', async () => {
    const { gateway, unaryClient } = await gatewayWith({ SIEVE_DRAIN_TIMEOUT_MS: '2000' });
    const streams = ['t0', 't1'].map(
      (name) => new StreamLedger(name, gateway.client.ClassifyStream() as never),
    );
    const senders = streams.map((stream) => stream.keepSending(10, 5000));
    const unary = [0, 1].map((i) => new UnaryLoop(unaryClient, `v${i}`));
    await settle(500);
    // The worker never answers before the bound: everything admitted is still open when it ends.
    worker.signal('SIGSTOP');
    await settle(300);
    gateway.process.signal('SIGTERM');
    const exitCode = await gateway.process.exited;
    await Promise.all(streams.map((stream) => stream.finished));
    for (const loop of unary) loop.stop();
    await Promise.all([...senders, ...unary.map((loop) => loop.done)]);
    worker.signal('SIGCONT');

    const problems = streams.flatMap((stream) => stream.problems());
    assert.deepEqual(problems, [], problems.join('\n'));
    for (const stream of streams)
      assert.equal(stream.status?.code, status.UNAVAILABLE, stream.status?.details);
    const codes = unary.flatMap((loop) => loop.outcomes.map((outcome) => status[outcome.code]));
    assert.deepEqual(
      codes.filter((code) => code !== 'OK' && code !== 'UNAVAILABLE'),
      [],
      `unary outcomes: ${codes.join(' ')}`,
    );
    assert.equal(exitCode, 0, gateway.process.output.slice(-20).join('\n'));
  });
});
