// One Classify call is one trace across processes: the caller's traceparent is continued by the gateway, travels in
// the queued job, and the worker's spans join it; a batch is a trace of its own linked to every request it served.
// The services run as processes exporting to an OTLP receiver: the gateway over gRPC, the worker over HTTP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadSieveProtos, type ClassifyResponse, type InferenceClient } from '@sieve/api';
import {
  OTLP_SPAN_KIND,
  OtlpReceiver,
  SieveCluster,
  tinyModelDir,
  type ReceivedSpan,
  type ServiceProcess,
} from '@sieve/testing';

const caller = () => ({ traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') });

function classify(
  client: InferenceClient,
  texts: string[],
  trace?: { traceId: string; spanId: string },
): Promise<ClassifyResponse> {
  const metadata = new Metadata();
  if (trace) metadata.set('traceparent', `00-${trace.traceId}-${trace.spanId}-01`);
  return new Promise((resolve, reject) =>
    client.Classify(
      { model: 'tiny', texts },
      metadata,
      { deadline: Date.now() + 30_000 },
      (error, response) => (error ? reject(error as ServiceError) : resolve(response as ClassifyResponse)),
    ),
  );
}

const WORKER_SPANS = [
  'sieve.queue_wait',
  'sieve.request',
  'sieve.tokenize',
  'sieve.inference',
  'sieve.deliver',
];
const GATEWAY_SPANS = ['sieve.v1.Inference/Classify', 'sieve.auth', 'sieve.quota', 'sieve.enqueue'];

const inTrace = (spans: ReceivedSpan[], traceId: string) => spans.filter((span) => span.traceId === traceId);
const named = (spans: ReceivedSpan[], name: string) => {
  const found = spans.filter((span) => span.name === name);
  assert.equal(found.length, 1, `one ${name}: ${spans.map((span) => span.name).join(', ')}`);
  return found[0]!;
};
const logLines = (process: ServiceProcess) =>
  process.output.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });

describe('tracing across gateway, queue and worker', { timeout: 180_000 }, () => {
  let receiver: OtlpReceiver;
  let cluster: SieveCluster;
  let textsGateway: InferenceClient;
  let untracedGateway: InferenceClient;

  before(async () => {
    receiver = await OtlpReceiver.start();
    const otel = (endpoint: string, protocol: string) => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      SIEVE_LOG_LEVEL: 'debug',
    });
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      // Long enough for two concurrent calls to share a batch.
      workerEnv: { ...otel(receiver.httpEndpoint, 'http/protobuf'), SIEVE_MAX_WAIT_MS: '300' },
      gatewayEnv: otel(receiver.grpcEndpoint, 'grpc'),
    });
    const { grpc } = loadSieveProtos();
    const client = (address: string) => new grpc.sieve.v1.Inference(address, credentials.createInsecure());
    textsGateway = client(
      (await cluster.addGateway({ ...otel(receiver.grpcEndpoint, 'grpc'), SIEVE_TRACE_TEXTS: 'true' }))
        .address,
    );
    untracedGateway = client((await cluster.addGateway({})).address);
  });
  after(async () => {
    textsGateway?.close();
    untracedGateway?.close();
    await cluster?.stop();
    await receiver?.close();
  });

  it("continues the caller's trace: gateway RPC, auth, quota, enqueue, then the worker's spans under it", async () => {
    const from = caller();
    const texts = ['a private message nobody may trace', 'second'];
    const response = await classify(cluster.gateways[0]!.client, texts, from);
    const spans = inTrace(
      await receiver.waitFor((all) =>
        [...GATEWAY_SPANS, ...WORKER_SPANS].every((name) =>
          all.some((span) => span.traceId === from.traceId && span.name === name),
        ),
      ),
      from.traceId,
    );
    assert.deepEqual(receiver.rejected, []);

    const rpc = named(spans, 'sieve.v1.Inference/Classify');
    assert.equal(rpc.parentSpanId, from.spanId);
    assert.equal(rpc.kind, OTLP_SPAN_KIND.SERVER);
    assert.equal(rpc.service, 'sieve-gateway');
    assert.equal(rpc.transport, 'grpc');
    assert.deepEqual(
      [
        'rpc.system',
        'rpc.service',
        'rpc.method',
        'rpc.grpc.status_code',
        'sieve.tenant',
        'sieve.model',
        'sieve.model.digest',
        'sieve.texts',
        'sieve.tokens',
      ].map((key) => rpc.attributes[key]),
      [
        'grpc',
        'sieve.v1.Inference',
        'Classify',
        0,
        'default',
        'tiny@1',
        response.modelDigest,
        2,
        Number(response.tokenCount),
      ],
    );
    for (const name of ['sieve.auth', 'sieve.quota', 'sieve.enqueue']) {
      assert.equal(named(spans, name).parentSpanId, rpc.spanId, name);
    }
    const enqueue = named(spans, 'sieve.enqueue');
    assert.equal(enqueue.kind, OTLP_SPAN_KIND.PRODUCER);
    assert.equal(enqueue.attributes['messaging.system'], 'bullmq');

    const request = named(spans, 'sieve.request');
    assert.equal(request.kind, OTLP_SPAN_KIND.CONSUMER);
    assert.equal(request.service, 'sieve-worker');
    assert.equal(request.transport, 'http');
    assert.equal(request.parentSpanId, enqueue.spanId);
    assert.equal(named(spans, 'sieve.queue_wait').parentSpanId, enqueue.spanId);
    assert.equal(request.attributes['sieve.tenant'], 'default');
    assert.equal(request.attributes['messaging.system'], 'bullmq');
    for (const name of ['sieve.tokenize', 'sieve.deliver']) {
      assert.equal(named(spans, name).parentSpanId, request.spanId, name);
    }
    // One `sieve.inference` per batch that held some of this request's texts (its share of each).
    const shares = spans.filter((span) => span.name === 'sieve.inference');
    assert.ok(shares.length >= 1 && shares.length <= 2, `${shares.length} inference shares for 2 texts`);
    for (const share of shares) assert.equal(share.parentSpanId, request.spanId, 'sieve.inference');
    assert.equal(named(spans, 'sieve.tokenize').attributes['sieve.tokens'], Number(response.tokenCount));
    // The request's span lasts until its reply is sent; its queue wait ends where it starts. (Within a millisecond
    // or two: the SDK anchors each span's high-resolution clock on Date.now() when it starts.)
    const ms = 1_000_000n;
    assert.ok(request.endTimeUnixNano + 2n * ms >= named(spans, 'sieve.deliver').endTimeUnixNano);
    assert.ok(named(spans, 'sieve.queue_wait').endTimeUnixNano <= request.startTimeUnixNano + 2n * ms);

    // The batch is its own trace, linked to the request it served; the request's share links back to it.
    const inference = shares[0]!;
    assert.equal(inference.links.length, 1);
    const [batch] = await receiver.waitFor((all) =>
      all.some((span) => span.spanId === inference.links[0]!.spanId),
    );
    const batchSpan = receiver.spans.find((span) => span.spanId === inference.links[0]!.spanId)!;
    assert.ok(batch);
    assert.equal(batchSpan.name, 'sieve.batch');
    assert.equal(batchSpan.parentSpanId, '');
    assert.notEqual(batchSpan.traceId, from.traceId);
    assert.ok(
      batchSpan.links.some((link) => link.traceId === from.traceId && link.spanId === request.spanId),
    );
    const size = batchSpan.attributes['sieve.batch.size'] as number;
    const real = batchSpan.attributes['sieve.batch.real_tokens'] as number;
    assert.ok(size >= 2 / shares.length);
    assert.ok((batchSpan.attributes['sieve.batch.padded_tokens'] as number) >= real && real > 0);
    assert.equal(batchSpan.attributes['sieve.execution_provider'], 'cpu');
    assert.equal(batchSpan.attributes['sieve.model.digest'], response.modelDigest);
    assert.equal(
      shares.reduce((sum, share) => sum + (share.attributes['sieve.texts'] as number), 0),
      2,
      'the shares add up to the request',
    );

    // Never the texts, unless an operator asked (next test), and never in logs.
    const everything = JSON.stringify(
      receiver.spans.map((span) => span.attributes),
      (_, value: unknown) => (typeof value === 'bigint' ? String(value) : value),
    );
    assert.ok(!everything.includes('a private message'));
    const output = [...cluster.gateways, ...cluster.workers.map((process) => ({ process }))]
      .flatMap((entry) => entry.process.output)
      .join('\n');
    assert.ok(!output.includes('a private message'));

    // Log lines logged inside a span carry its ids.
    const answered = logLines(cluster.gateways[0]!.process).find(
      (line) => line.msg === 'classify answered' && line.trace_id === from.traceId,
    );
    assert.equal(answered?.span_id, rpc.spanId);
    const computed = logLines(cluster.workers[0]!).find(
      (line) => line.msg === 'batch computed' && line.trace_id === batchSpan.traceId,
    );
    assert.equal(computed?.span_id, batchSpan.spanId);
    assert.ok(
      logLines(cluster.workers[0]!).some((line) => line.msg === 'worker ready' && !('trace_id' in line)),
    );
  });

  it('gives two concurrent calls served by one batch each their own trace, both linked from the batch', async () => {
    const first = caller();
    const second = caller();
    await Promise.all([
      classify(cluster.gateways[0]!.client, ['one of two'], first),
      classify(cluster.gateways[0]!.client, ['two of two', 'and more'], second),
    ]);
    const spans = await receiver.waitFor((all) =>
      [first, second].every((from) =>
        all.some((span) => span.traceId === from.traceId && span.name === 'sieve.inference'),
      ),
    );
    const requests = [first, second].map((from) => named(inTrace(spans, from.traceId), 'sieve.request'));
    const shares = [first, second].map((from) => named(inTrace(spans, from.traceId), 'sieve.inference'));
    assert.equal(shares[0]!.links[0]!.spanId, shares[1]!.links[0]!.spanId, 'both served by one batch');
    const batchId = shares[0]!.links[0]!.spanId;
    await receiver.waitFor((all) => all.some((span) => span.spanId === batchId));
    const batch = receiver.spans.find((span) => span.spanId === batchId)!;
    assert.equal(batch.attributes['sieve.batch.size'], 3);
    assert.deepEqual(
      batch.links.map((link) => `${link.traceId}/${link.spanId}`).sort(),
      requests.map((span) => `${span.traceId}/${span.spanId}`).sort(),
    );
    assert.deepEqual(
      shares.map((span) => span.attributes['sieve.texts']),
      [1, 2],
    );
  });

  it("makes each ClassifyStream message a SERVER span under the stream's trace context, failures marked", async () => {
    const from = caller();
    const metadata = new Metadata();
    metadata.set('traceparent', `00-${from.traceId}-${from.spanId}-01`);
    const stream = cluster.gateways[0]!.client.ClassifyStream(metadata);
    const done = new Promise<void>((resolve, reject) => {
      stream.on('data', () => undefined);
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    stream.write({ correlationId: 'a', request: { model: 'tiny', texts: ['streamed'] } });
    stream.write({ correlationId: 'bad', request: { model: 'tiny', texts: [''] } });
    stream.end();
    await done;
    const isStreamSpan = (span: ReceivedSpan) =>
      span.traceId === from.traceId && span.name === 'sieve.v1.Inference/ClassifyStream';
    const spans = (await receiver.waitFor((all) => all.filter(isStreamSpan).length === 2)).filter(
      isStreamSpan,
    );
    assert.ok(
      spans.every((span) => span.parentSpanId === from.spanId && span.kind === OTLP_SPAN_KIND.SERVER),
    );
    assert.deepEqual(
      spans.map((span) => [span.attributes['rpc.grpc.status_code'], span.status.code]).sort(),
      [
        [0, 0],
        [3, 2],
      ],
    );
  });

  it('starts a new trace for a call without traceparent', async () => {
    const known = new Set(receiver.spans.map((span) => span.traceId));
    await classify(cluster.gateways[0]!.client, ['no trace context']);
    const fresh = (all: ReceivedSpan[], name: string) =>
      all.find((span) => !known.has(span.traceId) && span.name === name);
    const spans = await receiver.waitFor((all) =>
      [fresh(all, 'sieve.deliver'), fresh(all, 'sieve.v1.Inference/Classify')].every(Boolean),
    );
    const rpc = fresh(spans, 'sieve.v1.Inference/Classify')!;
    assert.equal(rpc.parentSpanId, '');
    assert.equal(fresh(spans, 'sieve.deliver')!.traceId, rpc.traceId);
  });

  it('puts the texts on the RPC span only where SIEVE_TRACE_TEXTS=true', async () => {
    const from = caller();
    await classify(textsGateway, ['operator asked for this text'], from);
    const spans = await receiver.waitFor((all) =>
      all.some((span) => span.traceId === from.traceId && span.name === 'sieve.v1.Inference/Classify'),
    );
    const rpc = named(inTrace(spans, from.traceId), 'sieve.v1.Inference/Classify');
    assert.deepEqual(rpc.attributes['sieve.input.texts'], ['operator asked for this text']);
  });

  it("forwards the caller's traceparent through a gateway whose tracing is off", async () => {
    const from = caller();
    await classify(untracedGateway, ['through an untraced gateway'], from);
    const spans = await receiver.waitFor((all) =>
      all.some((span) => span.traceId === from.traceId && span.name === 'sieve.request'),
    );
    const trace = inTrace(spans, from.traceId);
    assert.equal(named(trace, 'sieve.request').parentSpanId, from.spanId);
    assert.ok(trace.every((span) => span.service === 'sieve-worker'));
  });
});
