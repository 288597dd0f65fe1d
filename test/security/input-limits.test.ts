// Unrestricted resource consumption (OWASP API4): every input dimension has a limit, and a call past it gets a clear
// error naming the limit, promptly. One row per limit; the gateway runs with small limits so that crossing each is
// cheap. (Concurrent streams per connection: stream-exhaustion.test.ts; requests in flight per stream, which pause
// reading rather than fail: test/serving/stream-flow-control.test.ts.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { loadSieveProtos, type AdminClient } from '@sieve/api';
import { BatchClient } from '@sieve/client';
import { ApiKeyFormat } from '@sieve/tenancy';
import { SieveCluster, tinyModelDir } from '@sieve/testing';
import { bearer, describeError, unary } from './grpc-test-client.ts';
import { writeTenantsFile } from '../fixtures/tenants-file.ts';

const ADMIN_TOKEN = 'admin-token-for-limit-tests-0123456789';

/** A ClassifyStream answer as grpc-js decodes it. */
interface StreamAnswer {
  correlationId: string;
  response?: object | null;
  error?: { code: number; message: string } | null;
}
const LIMITS = {
  SIEVE_MAX_TEXTS_PER_CALL: '8',
  SIEVE_MAX_TEXT_BYTES: '1024',
  SIEVE_MAX_MESSAGE_BYTES: String(64 * 1024),
  SIEVE_MAX_PENDING_TEXTS: '6',
  SIEVE_BATCH_MAX_TEXTS: '50',
  SIEVE_BATCH_MAX_RETENTION_MS: '3600000',
};

async function failure(promise: Promise<unknown>): Promise<ServiceError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error as ServiceError;
  }
}

describe('a limit on every input dimension', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  let admin: AdminClient;
  let acme: BatchClient;
  let small: BatchClient;
  const acmeKey = ApiKeyFormat.generate().key;
  const smallKey = ApiKeyFormat.generate().key;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-limits-'));
    const tenants = writeTenantsFile(dir, [
      { id: 'acme', key: acmeKey },
      {
        id: 'small',
        key: smallKey,
        limits: { max_texts_per_call: 4, max_batch_texts: 20, max_concurrent_batches: 1 },
      },
    ]).path;
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { ...LIMITS, SIEVE_TENANTS_FILE: tenants, SIEVE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    const address = cluster.gateways[0]!.address;
    acme = new BatchClient(address, { apiKey: acmeKey });
    small = new BatchClient(address, { apiKey: smallKey });
    admin = new (loadSieveProtos().grpc.sieve.v1.Admin)(address, credentials.createInsecure());
  });
  after(async () => {
    acme?.close();
    small?.close();
    admin?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const classify = async (request: object, key = acmeKey) =>
    (
      await unary(
        cluster.gateways[0]!.client,
        'Classify',
        { model: 'tiny', texts: ['hi'], ...request },
        { key },
      )
    ).error;
  const texts = (count: number, bytes = 4) => Array.from({ length: count }, () => 'x'.repeat(bytes));
  const long = (length: number) => 'k'.repeat(length);
  const item = (id = 'i', text = 'a text') => ({ id, text });

  const rows: Array<{
    limit: string;
    exceed: () => Promise<ServiceError | undefined>;
    code: status;
    says: RegExp;
  }> = [
    {
      limit: 'texts per call (SIEVE_MAX_TEXTS_PER_CALL)',
      exceed: () => classify({ texts: texts(9) }),
      code: status.INVALID_ARGUMENT,
      // Counted on the wire, before decoding: the scan stops at the first text past the limit.
      says: /texts: more than 8 texts exceed the limit of 8 per call/,
    },
    {
      limit: "texts per call (the tenant's max_texts_per_call)",
      exceed: () => classify({ texts: texts(5) }, smallKey),
      code: status.RESOURCE_EXHAUSTED,
      says: /request of 5 exceeds max-texts-per-call \(limit 4\)/,
    },
    {
      limit: 'bytes per text (SIEVE_MAX_TEXT_BYTES)',
      exceed: () => classify({ texts: ['ok', 'é'.repeat(513)] }),
      code: status.INVALID_ARGUMENT,
      says: /texts\[1\]: 1026 bytes exceed the limit of 1024 bytes per text/,
    },
    {
      limit: 'message size (SIEVE_MAX_MESSAGE_BYTES)',
      exceed: () => classify({ texts: texts(8, 9000) }),
      code: status.RESOURCE_EXHAUSTED,
      says: /larger than max \(\d+ vs 65536\)/,
    },
    {
      limit: 'model name length',
      exceed: () => classify({ model: long(257) }),
      code: status.INVALID_ARGUMENT,
      says: /model: 257 characters exceed the limit of 256/,
    },
    {
      limit: 'request_id length',
      exceed: () => classify({ requestId: long(129) }),
      code: status.INVALID_ARGUMENT,
      says: /request_id: 129 characters exceed the limit of 128/,
    },
    {
      limit: "top_k (the model's labels)",
      exceed: () => classify({ options: { topK: 4 } }),
      code: status.INVALID_ARGUMENT,
      says: /options\.top_k: 4 exceeds the 3 labels of tiny@1/,
    },
    {
      limit: 'texts per batch (SIEVE_BATCH_MAX_TEXTS)',
      exceed: () =>
        failure(
          acme.submit(
            { model: 'tiny', idempotencyKey: 'big' },
            Array.from({ length: 51 }, () => item()),
          ),
        ),
      code: status.INVALID_ARGUMENT,
      says: /the batch exceeds this server's limit of 50 texts per batch/,
    },
    {
      limit: "texts per batch (the tenant's max_batch_texts)",
      exceed: () =>
        failure(
          small.submit(
            { model: 'tiny', idempotencyKey: 'big' },
            Array.from({ length: 21 }, () => item()),
          ),
        ),
      code: status.RESOURCE_EXHAUSTED,
      says: /tenant "small"'s limit of 20 texts per batch/,
    },
    {
      limit: 'bytes per batch item',
      exceed: () => failure(acme.submit({ model: 'tiny', idempotencyKey: 'bytes' }, [item('a', long(1025))])),
      code: status.INVALID_ARGUMENT,
      says: /messages\[1\]\.chunk\.items\[0\]\.text: 1025 bytes exceed the limit of 1024/,
    },
    {
      limit: 'batch item id length',
      exceed: () => failure(acme.submit({ model: 'tiny', idempotencyKey: 'ids' }, [item(long(257))])),
      code: status.INVALID_ARGUMENT,
      says: /messages\[1\]\.chunk\.items\[0\]\.id: 257 characters exceed the limit of 256/,
    },
    {
      limit: 'idempotency key length',
      exceed: () => failure(acme.submit({ model: 'tiny', idempotencyKey: long(257) }, [item()])),
      code: status.INVALID_ARGUMENT,
      says: /spec\.idempotency_key: 257 characters exceed the limit of 256/,
    },
    {
      limit: 'display name length',
      exceed: () =>
        failure(acme.submit({ model: 'tiny', idempotencyKey: 'name', displayName: long(257) }, [item()])),
      code: status.INVALID_ARGUMENT,
      says: /spec\.display_name: 257 characters exceed the limit of 256/,
    },
    {
      limit: 'batch model name length',
      exceed: () => failure(acme.submit({ model: long(300), idempotencyKey: 'model' }, [item()])),
      code: status.INVALID_ARGUMENT,
      says: /spec\.model: 300 characters exceed the limit of 256/,
    },
    {
      limit: 'result retention (SIEVE_BATCH_MAX_RETENTION_MS)',
      exceed: () =>
        failure(
          acme.submit({ model: 'tiny', idempotencyKey: 'keep', resultRetentionMs: 7_200_000 }, [item()]),
        ),
      code: status.INVALID_ARGUMENT,
      says: /spec\.result_retention: 7200 s exceeds this server's maximum of 3600 s/,
    },
    {
      limit: 'List page size',
      exceed: () => failure(acme.list({ pageSize: 1001 })),
      code: status.INVALID_ARGUMENT,
      says: /page_size: must be 0\.\.1000/,
    },
    {
      limit: 'List page token (only ones the server issued)',
      exceed: () => failure(acme.list({ pageToken: long(60_000) })),
      code: status.INVALID_ARGUMENT,
      says: /page_token: page_token "k{40}" is not one this server returned/,
    },
    {
      limit: 'batch id length (a 60 KB id answers NOT_FOUND, echoed at most 1 KiB)',
      exceed: () => failure(acme.get(`b-${long(60_000)}`)),
      code: status.NOT_FOUND,
      says: /^no batch "b-k+\.\.\. \(\d+ more characters\)$/,
    },
    {
      limit: 'Admin tenant id length (echoed at most 1 KiB)',
      exceed: async () => (await unary(admin, 'GetTenant', { id: long(60_000) }, { key: ADMIN_TOKEN })).error,
      code: status.NOT_FOUND,
      says: /\.\.\. \(\d+ more characters\)$/,
    },
  ];

  for (const row of rows) {
    it(`refuses past the limit: ${row.limit}`, async () => {
      const error = await row.exceed();
      assert.equal(error?.code, row.code, describeError(error));
      assert.match(error!.details, row.says);
      assert.ok(error!.details.length <= 1100, `a ${error!.details.length}-character message`);
    });
  }

  it('refuses past the limit: correlation_id length and a correlation_id already in flight, on a stream', async () => {
    const stream = cluster.gateways[0]!.client.ClassifyStream(bearer(acmeKey));
    const answers: StreamAnswer[] = [];
    stream.on('data', (answer: StreamAnswer) => answers.push(answer));
    const ended = new Promise((resolve) => stream.on('end', resolve));
    const request = { model: 'tiny', texts: ['hello'] };
    stream.write({ correlationId: long(129), request });
    // Three at once with one id: the first is in flight when the others arrive, and refusing the second must not
    // free the id for the third.
    for (let i = 0; i < 3; i++) stream.write({ correlationId: 'same', request });
    stream.end();
    await ended;
    const errors = answers.filter((answer) => answer.error).map((answer) => answer.error!.message);
    assert.equal(answers.length, 4);
    assert.match(errors.join('\n'), /correlation_id: 129 characters exceed the limit of 128/);
    assert.equal(errors.filter((message) => /"same" is already in flight/.test(message)).length, 2);
    assert.equal(answers.filter((answer) => answer.response).length, 1);
  });

  it('refuses past the limit: pending texts per model and concurrent batches per tenant, with RetryInfo', async () => {
    const worker = cluster.workers[0]!;
    worker.signal('SIGSTOP');
    try {
      const waiting = unary(
        cluster.gateways[0]!.client,
        'Classify',
        { model: 'tiny', texts: texts(6) },
        {
          key: acmeKey,
          deadlineMs: 30_000,
        },
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const full = await classify({ texts: ['one more'] });
      assert.equal(full?.code, status.RESOURCE_EXHAUSTED, describeError(full));
      assert.match(full!.details, /has 6 texts pending, at the limit of 6; retry later/);

      const first = await small.submit({ model: 'tiny', idempotencyKey: 'first' }, [item()]);
      assert.equal(first.existing, false);
      const second = await failure(small.submit({ model: 'tiny', idempotencyKey: 'second' }, [item()]));
      assert.equal(second?.code, status.RESOURCE_EXHAUSTED, describeError(second));
      assert.match(second!.details, /max-concurrent-batches/);
      worker.signal('SIGCONT');
      assert.ok((await waiting).response);
    } finally {
      worker.signal('SIGCONT');
    }
  });
});
