// The HTTP/JSON surface as curl sees it: every /v1 route, TEI's /predict, /info and /health, /openapi.json, and each
// class of error with its status and JSON details, against one cluster whose gateway serves HTTP beside gRPC.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiKeyFormat, ApiKeyHasher } from '@sieve/tenancy';
import { freePort, SieveCluster, tinyModelDir } from '@sieve/testing';

const run = promisify(execFile);

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON as read
  body: any;
}

/** curl, as a user types it; the answer's status, headers and body. */
async function curl(args: string[]): Promise<Answer> {
  const { stdout } = await run('curl', ['-sS', '-i', '--max-time', '30', ...args], { maxBuffer: 64 << 20 });
  let rest = stdout;
  // A 100 Continue comes before the answer's own headers.
  while (/^HTTP\/1\.1 100/.test(rest)) rest = rest.slice(rest.indexOf('\r\n\r\n') + 4);
  const split = rest.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = rest.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const text = rest.slice(split + 4);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, text, body };
}

const detail = (answer: Answer, type: string) =>
  (answer.body.error.details as Array<Record<string, unknown>>).find(
    (d) => d['@type'] === `type.googleapis.com/google.rpc.${type}`,
  );

describe('HTTP/JSON and TEI routes, with curl', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  let base: string;
  const acme = ApiKeyFormat.generate().key;
  const initech = ApiKeyFormat.generate().key;
  const limited = ApiKeyFormat.generate().key;
  const auth = (key: string) => ['-H', `authorization: Bearer ${key}`];
  const json = (body: unknown) => [
    '-H',
    'content-type: application/json',
    '--data-binary',
    JSON.stringify(body),
  ];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-http-'));
    const tenants = join(dir, 'tenants.yaml');
    writeFileSync(
      tenants,
      `tenants:
  - id: acme
    api_keys: [{ hash: "${ApiKeyHasher.hash(acme)}" }]
  - id: initech
    allowed_models: [some-other-model]
    api_keys: [{ hash: "${ApiKeyHasher.hash(initech)}" }]
  - id: limited
    limits: { texts_per_minute: 4 }
    api_keys: [{ hash: "${ApiKeyHasher.hash(limited)}" }]
`,
    );
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: {
        SIEVE_TENANTS_FILE: tenants,
        SIEVE_HTTP_ADDRESS: `127.0.0.1:${port}`,
        SIEVE_MAX_MESSAGE_BYTES: String(64 << 10),
      },
    });
  });
  after(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('classifies with POST /v1/classify, answering the ClassifyResponse as proto3 JSON', async () => {
    const answer = await curl([
      ...auth(acme),
      ...json({ model: 'tiny', texts: ['good', 'bad'] }),
      `${base}/v1/classify`,
    ]);
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.headers['content-type']!, /application\/json/);
    assert.equal(answer.body.results.length, 2);
    assert.ok(answer.body.results[0].labels.length > 0);
    assert.equal(typeof answer.body.results[0].labels[0].score, 'number');
    assert.match(answer.body.model, /^tiny@/);
    assert.match(answer.body.tokenCount, /^\d+$/, 'uint64 is a string in proto3 JSON');
    assert.match(answer.body.timings.total, /^\d+(\.\d+)?s$/, 'a Duration is "1.5s"');
  });

  it('answers 401 without a key, 403 for a model the tenant may not use, with ErrorInfo', async () => {
    const missing = await curl([...json({ model: 'tiny', texts: ['x'] }), `${base}/v1/classify`]);
    assert.equal(missing.status, 401);
    assert.equal(missing.body.error.status, 'UNAUTHENTICATED');
    assert.equal(detail(missing, 'ErrorInfo')?.reason, 'INVALID_API_KEY');
    const wrong = await curl([
      ...auth('sk-nope'),
      ...json({ model: 'tiny', texts: ['x'] }),
      `${base}/v1/classify`,
    ]);
    assert.equal(wrong.status, 401);
    assert.ok(!wrong.text.includes('sk-nope'), 'never echoes the key');
    const denied = await curl([
      ...auth(initech),
      ...json({ model: 'tiny', texts: ['x'] }),
      `${base}/v1/classify`,
    ]);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.status, 'PERMISSION_DENIED');
    assert.equal(detail(denied, 'ErrorInfo')?.reason, 'MODEL_NOT_ALLOWED');
  });

  it('answers 400 naming the field, for the schema and for validation', async () => {
    const unknown = await curl([
      ...auth(acme),
      ...json({ model: 'tiny', txts: ['x'] }),
      `${base}/v1/classify`,
    ]);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.status, 'INVALID_ARGUMENT');
    assert.deepEqual(
      (detail(unknown, 'BadRequest')?.fieldViolations as Array<{ field: string }>).map((v) => v.field),
      ['txts'],
    );
    const wrongType = await curl([
      ...auth(acme),
      ...json({ model: 'tiny', texts: 'x' }),
      `${base}/v1/classify`,
    ]);
    assert.equal(wrongType.status, 400);
    assert.equal(
      (detail(wrongType, 'BadRequest')?.fieldViolations as Array<{ field: string }>)[0]!.field,
      'texts',
    );
    const empty = await curl([...auth(acme), ...json({ model: 'tiny', texts: [] }), `${base}/v1/classify`]);
    assert.equal(empty.status, 400);
    assert.match(JSON.stringify(detail(empty, 'BadRequest')), /texts/);
    const notJson = await curl([...auth(acme), '--data-binary', '{nope', `${base}/v1/classify`]);
    assert.equal(notJson.status, 400);
  });

  it('answers 404 for an unknown model and an unknown route', async () => {
    const model = await curl([`${base}/v1/models/no-such-model`]);
    assert.equal(model.status, 404);
    assert.equal(model.body.error.status, 'NOT_FOUND');
    const route = await curl([`${base}/v2/nothing`]);
    assert.equal(route.status, 404);
  });

  it('answers 429 with Retry-After from RetryInfo when a quota is used up', async () => {
    const first = await curl([
      ...auth(limited),
      ...json({ model: 'tiny', texts: ['a', 'b', 'c'] }),
      `${base}/v1/classify`,
    ]);
    assert.equal(first.status, 200, first.text);
    assert.ok(first.headers['x-ratelimit-remaining-texts-per-minute'] !== undefined, 'quota headers cross');
    const second = await curl([
      ...auth(limited),
      ...json({ model: 'tiny', texts: ['d', 'e'] }),
      `${base}/v1/classify`,
    ]);
    assert.equal(second.status, 429);
    assert.equal(second.body.error.status, 'RESOURCE_EXHAUSTED');
    const retry = detail(second, 'RetryInfo');
    assert.match(String(retry?.retryDelay), /^\d+(\.\d+)?s$/);
    const seconds = Number(second.headers['retry-after']);
    assert.ok(seconds >= 1 && seconds <= 60, `Retry-After ${second.headers['retry-after']}`);
    assert.ok(Math.abs(seconds - Math.ceil(parseFloat(String(retry?.retryDelay)))) <= 1);
  });

  it('answers 413 for a body over the message limit, refused by its Content-Length', async () => {
    const file = join(dir, 'large.json');
    writeFileSync(file, JSON.stringify({ model: 'tiny', texts: ['x'.repeat(100_000)] }));
    const answer = await curl([
      ...auth(acme),
      '-H',
      'content-type: application/json',
      '--data-binary',
      `@${file}`,
      `${base}/v1/classify`,
    ]);
    assert.equal(answer.status, 413);
    assert.equal(answer.body.error.code, 413);
    const stranger = await curl([
      '-H',
      'content-type: application/json',
      '--data-binary',
      `@${file}`,
      `${base}/v1/classify`,
    ]);
    assert.equal(stranger.status, 401, 'a stranger is refused for the key before the size');
    const chunked = await curl([
      ...auth(acme),
      '-H',
      'transfer-encoding: chunked',
      '--data-binary',
      `@${file}`,
      `${base}/v1/classify`,
    ]);
    assert.equal(chunked.status, 413, 'a body without a length is cut at the limit');
  });

  it('lists and gets models', async () => {
    const list = await curl([`${base}/v1/models`]);
    assert.equal(list.status, 200);
    assert.ok(list.body.models.some((m: { name: string }) => m.name === 'tiny'));
    const heads = await curl([...auth(acme), `${base}/v1/heads?baseModel=tiny`]);
    assert.equal(heads.status, 200, heads.text);
    assert.deepEqual(heads.body.heads, []);
    const head = await curl([...auth(acme), `${base}/v1/heads/${encodeURIComponent('tiny+nope')}`]);
    assert.equal(head.status, 404, head.text);
    const one = await curl([`${base}/v1/models/tiny`]);
    assert.equal(one.status, 200);
    assert.equal(one.body.model.name, 'tiny');
    assert.ok(one.body.model.labels.length >= 2);
  });

  it('submits a batch from JSON lines, follows it, streams its results as JSON lines, lists and cancels', async () => {
    const file = join(dir, 'batch.jsonl');
    const lines = [
      JSON.stringify({ model: 'tiny', idempotencyKey: 'http-batch-1', displayName: 'from curl' }),
      JSON.stringify({ id: 'a', text: 'first text' }),
      JSON.stringify({ id: 'b', text: 'second text' }),
      JSON.stringify({ text: 'third text' }),
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const submitted = await curl([
      ...auth(acme),
      '-H',
      'content-type: application/x-ndjson',
      '--data-binary',
      `@${file}`,
      `${base}/v1/batches`,
    ]);
    assert.equal(submitted.status, 200, submitted.text);
    const id = submitted.body.batch.id as string;
    assert.equal(submitted.body.batch.totalCount, '3');
    let state = '';
    for (let i = 0; i < 100 && !['BATCH_STATE_SUCCEEDED', 'BATCH_STATE_FAILED'].includes(state); i++) {
      const got = await curl([...auth(acme), `${base}/v1/batches/${id}`]);
      assert.equal(got.status, 200);
      state = got.body.batch.state;
      if (state !== 'BATCH_STATE_SUCCEEDED') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(state, 'BATCH_STATE_SUCCEEDED');
    const results = await curl([...auth(acme), `${base}/v1/batches/${id}/results`]);
    assert.equal(results.status, 200);
    assert.match(results.headers['content-type']!, /ndjson/);
    const rows = results.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      rows.map((r) => [r.index, r.id]),
      [
        ['0', 'a'],
        ['1', 'b'],
        ['2', ''],
      ],
    );
    assert.ok(rows.every((r) => r.classification.labels.length > 0));
    const fromOffset = await curl([...auth(acme), `${base}/v1/batches/${id}/results?offset=2`]);
    assert.equal(fromOffset.text.trim().split('\n').length, 1);
    const listed = await curl([...auth(acme), `${base}/v1/batches?pageSize=10`]);
    assert.equal(listed.status, 200);
    assert.ok(listed.body.batches.some((b: { id: string }) => b.id === id));
    const cancelled = await curl([...auth(acme), '-X', 'POST', `${base}/v1/batches/${id}:cancel`]);
    assert.ok([200, 400].includes(cancelled.status), cancelled.text);
    const other = await curl([...auth(limited), `${base}/v1/batches/${id}`]);
    assert.equal(other.status, 404, "another tenant's batch is NOT_FOUND");
    const badLine = join(dir, 'bad.jsonl');
    writeFileSync(badLine, `${lines[0]}\n{"id": "x", "txt": "oops"}\n`);
    const refused = await curl([...auth(acme), '--data-binary', `@${badLine}`, `${base}/v1/batches`]);
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body), /line 2: txt/);
  });

  it("answers TEI's /predict like TEI: one text, a batch, raw scores", async () => {
    const single = await curl([
      ...auth(acme),
      ...json({ inputs: 'I like you. I love you' }),
      `${base}/predict`,
    ]);
    assert.equal(single.status, 200, single.text);
    assert.ok(Array.isArray(single.body));
    for (const prediction of single.body)
      assert.deepEqual(Object.keys(prediction).sort(), ['label', 'score']);
    const scores = single.body.map((p: { score: number }) => p.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a: number, b: number) => b - a),
      'highest first',
    );
    assert.ok(Math.abs(scores.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-3, 'probabilities');
    const batch = await curl([
      ...auth(acme),
      ...json({ inputs: [['I like you. I love you'], ['I like you. I love you']] }),
      `${base}/predict`,
    ]);
    assert.equal(batch.status, 200);
    assert.equal(batch.body.length, 2);
    for (const predictions of batch.body) assert.deepEqual(predictions, single.body);
    const raw = await curl([
      ...auth(acme),
      ...json({ inputs: 'I like you. I love you', raw_scores: true }),
      `${base}/predict`,
    ]);
    assert.equal(raw.status, 200);
    assert.notDeepEqual(raw.body, single.body);
  });

  it("answers TEI's errors as TEI does: {error, error_type}", async () => {
    const pair = await curl([...auth(acme), ...json({ inputs: ['a', 'b'] }), `${base}/predict`]);
    assert.equal(pair.status, 413);
    assert.equal(pair.body.error_type, 'Validation');
    const empty = await curl([...auth(acme), ...json({ inputs: [] }), `${base}/predict`]);
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error_type, 'Empty');
    const keyless = await curl([...json({ inputs: 'x' }), `${base}/predict`]);
    assert.equal(keyless.status, 401);
    assert.deepEqual(Object.keys(keyless.body).sort(), ['error', 'error_type']);
    const long = await curl([...auth(acme), ...json({ inputs: 'word '.repeat(2000) }), `${base}/predict`]);
    assert.equal(long.status, 413, 'truncate false refuses a text longer than the model input, as TEI');
    const truncated = await curl([
      ...auth(acme),
      ...json({ inputs: 'word '.repeat(2000), truncate: true }),
      `${base}/predict`,
    ]);
    assert.equal(truncated.status, 200);
  });

  it("answers TEI's /info and /health for the served model", async () => {
    const info = await curl([`${base}/info`]);
    assert.equal(info.status, 200);
    assert.match(info.body.model_id, /^tiny@/);
    const { id2label, label2id } = info.body.model_type.classifier;
    assert.ok(Object.keys(id2label).length >= 2);
    for (const [id, label] of Object.entries(id2label)) assert.equal(label2id[label as string], Number(id));
    for (const field of [
      'model_dtype',
      'max_concurrent_requests',
      'max_input_length',
      'max_batch_tokens',
      'max_client_batch_size',
      'version',
    ])
      assert.ok(field in info.body, field);
    const health = await curl([`${base}/health`]);
    assert.equal(health.status, 200);
  });

  it('serves an OpenAPI 3.1 document whose every reference resolves', async () => {
    const answer = await curl([`${base}/openapi.json`]);
    assert.equal(answer.status, 200);
    const doc = answer.body;
    assert.equal(doc.openapi, '3.1.0');
    for (const path of [
      '/v1/classify',
      '/v1/models/{name}',
      '/v1/batches/{id}/results',
      '/v1/batches/{id}:cancel',
      '/predict',
      '/info',
      '/health',
    ])
      assert.ok(doc.paths[path], path);
    const refs = [...answer.text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(refs.length > 10);
    for (const ref of refs) assert.ok(doc.components.schemas[ref], `schema ${ref}`);
    for (const operations of Object.values(doc.paths) as Array<
      Record<string, { responses: object; operationId: string }>
    >)
      for (const operation of Object.values(operations)) {
        assert.ok(operation.operationId);
        assert.ok(Object.keys(operation.responses).length > 0);
      }
  });
});
