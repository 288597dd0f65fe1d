// Who is calling, and may they, is settled from the call's metadata before its body is read: a stranger's 8 MiB
// message is refused for its key without being decoded, a tenant over a request window is refused from its key
// alone, and a tenant's message of too many texts is refused after a scan of its field tags, before protobufjs builds
// anything. Each body here is costly to decode AND fails decoding at its last byte, so the answer itself shows
// whether it was decoded: a decoded body would answer that it is not protobuf, not the refusal asserted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, status } from '@grpc/grpc-js';
import { ApiKeyFormat } from '@sieve/tenancy';
import { SieveCluster, tinyModelDir } from '@sieve/testing';
import { encode, grpcFrame, RawGrpcSession, unary, type RawAnswer } from './grpc-test-client.ts';
import { callWithRawHeaders } from './repeated-header-proxy.ts';
import { writeTenantsFile } from '../fixtures/tenants-file.ts';

const ADMIN_TOKEN = 'admin-token-for-pre-auth-tests-0123456789';
const CLASSIFY = '/sieve.v1.Inference/Classify';
const STREAM = '/sieve.v1.Inference/ClassifyStream';
const SUBMIT = '/sieve.v1.Batches/Submit';
const TRAIN = '/sieve.v1.Heads/Train';
const LIST_TENANTS = '/sieve.v1.Admin/ListTenants';
/** The gateway's defaults: SIEVE_MAX_TEXTS_PER_CALL, SIEVE_MAX_TEXT_BYTES. */
const MAX_TEXTS = 256;
const MAX_TEXT_BYTES = 64 * 1024;
/** Upload messages carry at most this many items (SIEVE_MAX_ITEMS_PER_MESSAGE's default). */
const MAX_ITEMS = 10_000;
/** A head's labels (head-request-validation). */
const MAX_LABELS = 1000;

const tag = (field: number, wireType: number) => (field << 3) | wireType;
/** A tag of wire type 7, which does not exist: protobufjs refuses it wherever it meets it. */
const UNDECODABLE = Buffer.from([tag(1, 7)]);

function varint(value: number): Buffer {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return Buffer.from(bytes);
}
const lengthDelimited = (field: number, payload: Buffer) =>
  Buffer.concat([Buffer.from([tag(field, 2)]), varint(payload.length), payload]);

/** `count` entries of repeated string field `field`, each one byte: 3 bytes on the wire, an object once decoded. */
function oneByteStrings(field: number, count: number): Buffer {
  const bytes = Buffer.alloc(count * 3);
  for (let i = 0; i < count; i++) bytes.set([tag(field, 2), 1, 0x61], i * 3);
  return bytes;
}

/** A Classify body of ~`bytes` bytes of one-byte texts that protobufjs would decode whole, then refuse at its end. */
const hostileClassify = (bytes: number) =>
  Buffer.concat([
    encode('sieve.v1.ClassifyRequest', { model: 'tiny' }),
    oneByteStrings(2, Math.floor(bytes / 3)),
    UNDECODABLE,
  ]);

describe('authentication and admission before the body is read', { timeout: 240_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  let raw: RawGrpcSession;
  let address: string;
  const acmeKey = ApiKeyFormat.generate().key;
  const meteredKey = ApiKeyFormat.generate().key;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-pre-auth-'));
    const tenants = writeTenantsFile(dir, [
      { id: 'acme', key: acmeKey },
      { id: 'metered', key: meteredKey, limits: { requests_per_minute: 2 } },
    ]).path;
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { SIEVE_TENANTS_FILE: tenants, SIEVE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    address = cluster.gateways[0]!.address;
    raw = new RawGrpcSession(address);
  });
  after(async () => {
    raw?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const withKey = (key: string) => ({ authorization: `Bearer ${key}` });
  const describeAnswer = (answer: RawAnswer) =>
    `${answer.grpcStatus === undefined ? 'no status' : status[answer.grpcStatus]}: ${answer.grpcMessage}`;

  it("refuses a stranger's 8 MiB Classify UNAUTHENTICATED from its metadata, without decoding it", async () => {
    const body = grpcFrame(hostileClassify(8 << 20));
    for (const [headers, says] of [
      [{}, /no API key/],
      [withKey(ApiKeyFormat.generate().key), /API key is not valid/],
      [withKey('not-even-a-key'), /./],
    ] as const) {
      const answer = await raw.call(CLASSIFY, body, headers, 60_000);
      assert.equal(answer.grpcStatus, status.UNAUTHENTICATED, describeAnswer(answer));
      assert.match(answer.grpcMessage, says);
      assert.equal(answer.details?.errorInfo?.reason, 'INVALID_API_KEY');
    }
  });

  it('refuses strangers before reading a message on every tenant-facing method', async () => {
    for (const path of [
      STREAM,
      SUBMIT,
      TRAIN,
      '/sieve.v1.Batches/Get',
      '/sieve.v1.Batches/List',
      '/sieve.v1.Heads/List',
    ]) {
      const answer = await raw.call(path, grpcFrame(UNDECODABLE));
      assert.equal(answer.grpcStatus, status.UNAUTHENTICATED, `${path}: ${describeAnswer(answer)}`);
      assert.equal(answer.details?.errorInfo?.reason, 'INVALID_API_KEY', path);
    }
  });

  it('refuses the Admin API without the admin token before reading a message', async () => {
    const none = await raw.call(LIST_TENANTS, grpcFrame(UNDECODABLE));
    assert.equal(none.grpcStatus, status.UNAUTHENTICATED, describeAnswer(none));
    assert.equal(none.details?.errorInfo?.reason, 'ADMIN_CREDENTIAL_REQUIRED');
    const tenantKey = await raw.call(LIST_TENANTS, grpcFrame(UNDECODABLE), withKey(acmeKey));
    assert.equal(tenantKey.grpcStatus, status.PERMISSION_DENIED, describeAnswer(tenantKey));
    const admin = await raw.call(LIST_TENANTS, grpcFrame(Buffer.alloc(0)), withKey(ADMIN_TOKEN));
    assert.equal(admin.grpcStatus, status.OK, describeAnswer(admin));
  });

  it('answers health, reflection and Models.List without a key', async () => {
    const health = await raw.call('/grpc.health.v1.Health/Check', grpcFrame(Buffer.alloc(0)));
    assert.equal(health.grpcStatus, status.OK, describeAnswer(health));
    assert.equal(health.messages.length, 1);
    const reflection = await raw.call(
      '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
      grpcFrame(lengthDelimited(7, Buffer.alloc(0))),
    );
    assert.equal(reflection.grpcStatus, status.OK, describeAnswer(reflection));
    assert.match(Buffer.concat(reflection.messages).toString('latin1'), /sieve\.v1\.Inference/);
    const models = await raw.call('/sieve.v1.Models/List', grpcFrame(Buffer.alloc(0)));
    assert.equal(models.grpcStatus, status.OK, describeAnswer(models));
    assert.match(Buffer.concat(models.messages).toString('latin1'), /tiny/);
  });

  it('refuses a tenant over its requests-per-minute from its key alone, before decoding the next body', async () => {
    const client = cluster.gateways[0]!.client;
    for (let i = 0; i < 2; i++) {
      const ok = await unary(
        client,
        'Classify',
        { model: 'tiny', texts: [`call ${i}`] },
        { key: meteredKey },
      );
      assert.equal(ok.error, undefined, ok.error?.details);
    }
    const third = await unary(client, 'Classify', { model: 'tiny', texts: ['third'] }, { key: meteredKey });
    assert.equal(third.error?.code, status.RESOURCE_EXHAUSTED, third.error?.details);
    const next = await raw.call(CLASSIFY, grpcFrame(hostileClassify(1 << 20)), withKey(meteredKey));
    assert.equal(next.grpcStatus, status.RESOURCE_EXHAUSTED, describeAnswer(next));
    assert.match(next.grpcMessage, /requests-per-minute/);
    assert.equal(next.details?.errorInfo?.reason, 'QUOTA_EXCEEDED');
    assert.ok((next.details?.retryDelayMs ?? 0) > 0, 'says when to retry');
    // Another tenant is not touched by it.
    const other = await unary(client, 'Classify', { model: 'tiny', texts: ['acme'] }, { key: acmeKey });
    assert.equal(other.error, undefined, other.error?.details);
  });

  it('refuses a Classify of more texts than the limit INVALID_ARGUMENT before decoding it', async () => {
    const answer = await raw.call(CLASSIFY, grpcFrame(hostileClassify(8 << 20)), withKey(acmeKey), 60_000);
    assert.equal(answer.grpcStatus, status.INVALID_ARGUMENT, describeAnswer(answer));
    const violation = answer.details?.badRequest?.fieldViolations[0];
    assert.equal(violation?.field, 'texts');
    assert.match(
      violation?.description ?? '',
      new RegExp(`more than ${MAX_TEXTS} texts.*limit of ${MAX_TEXTS} per call`),
    );
  });

  it("answers a stream request of too many texts in that request's answer, undecoded, and the stream goes on", async () => {
    const big = Buffer.concat([
      encode('sieve.v1.ClassifyStreamRequest', { correlationId: 'big' }),
      lengthDelimited(
        2,
        Buffer.concat([
          encode('sieve.v1.ClassifyRequest', { model: 'tiny' }),
          oneByteStrings(2, 300),
          UNDECODABLE,
        ]),
      ),
    ]);
    const fine = encode('sieve.v1.ClassifyStreamRequest', {
      correlationId: 'fine',
      request: { model: 'tiny', texts: ['after the big one'] },
    });
    const answer = await raw.call(STREAM, Buffer.concat([grpcFrame(big), grpcFrame(fine)]), withKey(acmeKey));
    assert.equal(answer.grpcStatus, status.OK, describeAnswer(answer));
    assert.equal(answer.messages.length, 2);
    const text = answer.messages.map((message) => message.toString('latin1')).join('\n');
    assert.match(text, new RegExp(`big[\\s\\S]*texts: more than ${MAX_TEXTS} texts`));
    assert.match(text, /fine[\s\S]*tiny@1/);
  });

  it('refuses upload messages of too many items or labels before decoding them', async () => {
    const spec = encode('sieve.v1.SubmitBatchRequest', {
      spec: { model: 'tiny', idempotencyKey: 'many-items' },
    });
    const items = Buffer.alloc((MAX_ITEMS + 1) * 5);
    for (let i = 0; i <= MAX_ITEMS; i++) items.set([tag(1, 2), 3, tag(2, 2), 1, 0x61], i * 5);
    const chunk = lengthDelimited(2, Buffer.concat([items, UNDECODABLE]));
    const submit = await raw.call(
      SUBMIT,
      Buffer.concat([grpcFrame(spec), grpcFrame(chunk)]),
      withKey(acmeKey),
    );
    assert.equal(submit.grpcStatus, status.INVALID_ARGUMENT, describeAnswer(submit));
    assert.equal(submit.details?.badRequest?.fieldViolations[0]?.field, 'chunk.items');
    assert.match(submit.grpcMessage, new RegExp(`more than ${MAX_ITEMS} items`));

    const labels = Buffer.concat([
      encode('sieve.v1.HeadSpec', { baseModel: 'tiny', name: 'many-labels' }),
      oneByteStrings(3, MAX_LABELS + 1),
      UNDECODABLE,
    ]);
    const train = await raw.call(TRAIN, grpcFrame(lengthDelimited(1, labels)), withKey(acmeKey));
    assert.equal(train.grpcStatus, status.INVALID_ARGUMENT, describeAnswer(train));
    assert.equal(train.details?.badRequest?.fieldViolations[0]?.field, 'spec.labels');
    assert.match(train.grpcMessage, new RegExp(`more than ${MAX_LABELS} labels`));

    const headSpec = encode('sieve.v1.TrainHeadRequest', {
      spec: { baseModel: 'tiny', name: 'many-examples', labels: ['a', 'b'] },
    });
    const examples = Buffer.alloc((MAX_ITEMS + 1) * 5);
    for (let i = 0; i <= MAX_ITEMS; i++) examples.set([tag(1, 2), 3, tag(1, 2), 1, 0x61], i * 5);
    const message = lengthDelimited(2, Buffer.concat([examples, UNDECODABLE]));
    const upload = await raw.call(
      TRAIN,
      Buffer.concat([grpcFrame(headSpec), grpcFrame(message)]),
      withKey(acmeKey),
    );
    assert.equal(upload.grpcStatus, status.INVALID_ARGUMENT, describeAnswer(upload));
    assert.equal(upload.details?.badRequest?.fieldViolations[0]?.field, 'examples.examples');
  });

  it('answers INVALID_ARGUMENT, naming the message type, to a body that is not protobuf', async () => {
    for (const path of [CLASSIFY, STREAM, '/sieve.v1.Batches/Get']) {
      const answer = await raw.call(
        path,
        grpcFrame(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01])),
        withKey(acmeKey),
      );
      assert.equal(answer.grpcStatus, status.INVALID_ARGUMENT, `${path}: ${describeAnswer(answer)}`);
      assert.match(answer.grpcMessage, /not a valid sieve\.v1\.\w+ message/);
      assert.equal(answer.details?.errorInfo?.reason, 'INVALID_REQUEST');
    }
  });

  it('accepts the largest valid Classify the default limits allow (the message limit follows them)', async () => {
    const request = {
      model: `no-such-model-${'m'.repeat(200)}`,
      texts: Array.from({ length: MAX_TEXTS }, () => 'a'.repeat(MAX_TEXT_BYTES)),
      requestId: 'r'.repeat(128),
    };
    const answer = await raw.call(
      CLASSIFY,
      grpcFrame(encode('sieve.v1.ClassifyRequest', request)),
      withKey(acmeKey),
      60_000,
    );
    assert.equal(answer.grpcStatus, status.NOT_FOUND, describeAnswer(answer));
    const streamed = encode('sieve.v1.ClassifyStreamRequest', { correlationId: 'c'.repeat(128), request });
    const onStream = await raw.call(STREAM, grpcFrame(streamed), withKey(acmeKey), 60_000);
    assert.equal(onStream.grpcStatus, status.OK, describeAnswer(onStream));
    assert.match(onStream.messages[0]?.toString('latin1') ?? '', /is not known|not served|not found/i);
  });

  it('refuses a credential header sent twice, the same way on the Inference and the Admin API', async () => {
    const good = encode('sieve.v1.ClassifyRequest', { model: 'tiny', texts: ['twice'] });
    for (const [path, body, first, second] of [
      [CLASSIFY, grpcFrame(good), acmeKey, acmeKey],
      [CLASSIFY, grpcFrame(good), acmeKey, ApiKeyFormat.generate().key],
      [LIST_TENANTS, grpcFrame(Buffer.alloc(0)), ADMIN_TOKEN, ADMIN_TOKEN],
      [LIST_TENANTS, grpcFrame(Buffer.alloc(0)), ADMIN_TOKEN, 'someone-else-entirely-0123456789'],
    ] as const) {
      const answer = await callWithRawHeaders(
        address,
        path,
        [
          ['authorization', `Bearer ${first}`],
          ['authorization', `Bearer ${second}`],
        ],
        body,
      );
      assert.equal(answer.grpcStatus, status.UNAUTHENTICATED, `${path}: ${describeAnswer(answer)}`);
      assert.match(answer.grpcMessage, /authorization was sent more than once/, path);
    }
    // x-api-key twice, as a grpc-js client sends it (HTTP/2 joins the two values into one).
    const metadata = new Metadata();
    metadata.add('x-api-key', acmeKey);
    metadata.add('x-api-key', acmeKey);
    const twice = await unary(
      cluster.gateways[0]!.client,
      'Classify',
      { model: 'tiny', texts: ['x'] },
      { metadata },
    );
    assert.equal(twice.error?.code, status.UNAUTHENTICATED, twice.error?.details);
    assert.match(twice.error?.details ?? '', /x-api-key was sent more than once/);
    // One of each, carrying the same key, is still one credential.
    const both = await callWithRawHeaders(
      address,
      CLASSIFY,
      [
        ['authorization', `Bearer ${acmeKey}`],
        ['x-api-key', acmeKey],
      ],
      grpcFrame(good),
    );
    assert.equal(both.grpcStatus, status.OK, describeAnswer(both));
  });

  it('leaves the gateway well after all of it', async () => {
    const ok = await unary(
      cluster.gateways[0]!.client,
      'Classify',
      { model: 'tiny', texts: ['still here'] },
      { key: acmeKey },
    );
    assert.equal(ok.error, undefined, ok.error?.details);
    assert.ok(!cluster.gateways[0]!.process.output.some((line) => /uncaught|unhandled|FATAL/i.test(line)));
  });
});
