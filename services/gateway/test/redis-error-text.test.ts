// Redis's own error text never reaches a caller: a full Redis ("OOM command not allowed ..."), or any other Redis
// failure under a call, answers UNAVAILABLE / BACKEND_UNAVAILABLE with RetryInfo and a fixed message saying what
// could not be done; the raw error goes to the log. And the cache secret: one of SIEVE_CACHE_KEY_SECRET or its
// _FILE, long enough, or a random key with a warning.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import type { ApiError } from '@sieve/api';
import type { HeadStore } from '@sieve/heads';
import type {
  ClassifyEnqueuer,
  ReplySubscriber,
  RequestCancellation,
  RequestIdMemo,
  WorkerRegistry,
} from '@sieve/queue';
import type { TenantSpec } from '@sieve/tenancy';
import type { Logger } from 'pino';
import { cacheKeyDigest } from '../src/cache-key-secret.ts';
import { ClassifyDispatcher } from '../src/inference/classify-dispatcher.ts';
import { HeadResolver } from '../src/heads/head-resolution.ts';
import { ModelCatalog } from '../src/models/model-catalog.ts';
import type { ValidatedRequest } from '../src/inference/request-validation.ts';
import { apiErrorOf } from './api-error-of.ts';

const OOM = new Error(
  "OOM command not allowed when used memory > 'maxmemory'. script: 7bd0d7e6, on @user_script:504.",
);
OOM.name = 'ReplyError';

/** A logger that keeps what it is given. */
function recordingLog() {
  const lines: Array<{ level: string; fields: unknown; message: string }> = [];
  const at =
    (level: string) =>
    (fields: unknown, message = '') =>
      lines.push({ level, fields, message });
  const log = {
    warn: at('warn'),
    debug: at('debug'),
    info: at('info'),
    error: at('error'),
  } as unknown as Logger;
  return { log, lines };
}

function assertBackendUnavailable(error: ApiError, what: RegExp) {
  assert.equal(error.code, status.UNAVAILABLE);
  assert.equal(error.details.errorInfo?.reason, 'BACKEND_UNAVAILABLE');
  assert.equal(error.details.retryDelayMs, 1000);
  assert.match(error.message, what);
  assert.doesNotMatch(`${error.message} ${JSON.stringify(error.details)}`, /OOM|maxmemory|ReplyError|script/);
}

describe('Redis errors under a call', () => {
  it('answers an enqueue that Redis refused with a fixed UNAVAILABLE, and logs the raw error', async () => {
    const { log, lines } = recordingLog();
    const dispatcher = new ClassifyDispatcher({
      gatewayId: 'g',
      enqueuer: { enqueue: async () => Promise.reject(OOM) } as unknown as ClassifyEnqueuer,
      subscriber: { expect: () => undefined, forget: () => undefined } as unknown as ReplySubscriber,
      cancellation: { cancel: async () => undefined } as unknown as RequestCancellation,
      memo: {} as RequestIdMemo,
      maxPendingTexts: 100,
      backendReady: () => true,
      log,
    });
    const validated = {
      model: { name: 'sentiment', version: '1', ref: 'sentiment@1', digest: 'sha256:x' },
      job: { texts: ['a text'], topK: 0, raw: false, truncation: 'r', priority: 1 },
      requestId: '',
    } as unknown as ValidatedRequest;
    const error = await apiErrorOf(
      dispatcher.classify(validated, {
        deadline: Date.now() + 5000,
        signal: new AbortController().signal,
        tenant: { id: 'acme', weight: 1 },
      }),
    );
    assertBackendUnavailable(error, /could not be queued/);
    assert.ok(lines.some((line) => (line.fields as { err?: unknown }).err === OOM));
    assert.equal(dispatcher.pendingTexts('sentiment@1'), 0);
  });

  it('answers heads Redis cannot read with a fixed UNAVAILABLE, and logs the raw error', async () => {
    const { log, lines } = recordingLog();
    const catalog = new ModelCatalog({ list: async () => [] } as unknown as WorkerRegistry);
    const store = { list: async () => Promise.reject(OOM) } as unknown as HeadStore;
    const resolver = new HeadResolver({ store, catalog, log });
    const error = await apiErrorOf(resolver.resolve({ id: 'acme' } as TenantSpec, 'sentiment+spam'));
    assertBackendUnavailable(error, /heads cannot be read right now/);
    assert.ok(lines.some((line) => (line.fields as { err?: unknown }).err === OOM));
  });
});

describe('the cache key secret', () => {
  const { log, lines } = recordingLog();
  const dir = mkdtempSync(join(tmpdir(), 'sieve-cache-secret-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('keys alike on every gateway given the same secret, inline or from a file (whitespace around it ignored)', () => {
    const secret = 's'.repeat(40);
    const inline = cacheKeyDigest({ SIEVE_CACHE_KEY_SECRET: secret }, log);
    const fromFile = cacheKeyDigest({ SIEVE_CACHE_KEY_SECRET_FILE: file('secret', `${secret}\n`) }, log);
    assert.equal(inline.of('text'), fromFile.of('text'));
    assert.notEqual(
      inline.of('text'),
      cacheKeyDigest({ SIEVE_CACHE_KEY_SECRET: 't'.repeat(40) }, log).of('text'),
    );
  });

  it('refuses both variables, a short file and a missing one, naming the variable', () => {
    assert.throws(
      () =>
        cacheKeyDigest(
          {
            SIEVE_CACHE_KEY_SECRET: 's'.repeat(40),
            SIEVE_CACHE_KEY_SECRET_FILE: file('both', 's'.repeat(40)),
          },
          log,
        ),
      /SIEVE_CACHE_KEY_SECRET_FILE: set either it or SIEVE_CACHE_KEY_SECRET/,
    );
    assert.throws(
      () => cacheKeyDigest({ SIEVE_CACHE_KEY_SECRET_FILE: file('short', 'too short\n') }, log),
      /SIEVE_CACHE_KEY_SECRET_FILE: .* holds 9 bytes, at least 32/,
    );
    assert.throws(
      () => cacheKeyDigest({ SIEVE_CACHE_KEY_SECRET_FILE: join(dir, 'absent') }, log),
      /SIEVE_CACHE_KEY_SECRET_FILE: cannot read/,
    );
  });

  it('draws a random key without one, and warns that entries are then neither shared nor kept', () => {
    const before = lines.length;
    const first = cacheKeyDigest({}, log);
    const second = cacheKeyDigest({}, log);
    assert.notEqual(first.of('text'), second.of('text'));
    const warnings = lines.slice(before).filter((line) => line.level === 'warn');
    assert.equal(warnings.length, 2);
    assert.match(
      warnings[0]!.message,
      /SIEVE_CACHE_KEY_SECRET is not set.*neither shared between gateways nor kept/,
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
