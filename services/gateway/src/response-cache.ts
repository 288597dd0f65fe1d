import { createHash } from 'node:crypto';
import type { ClassifyResponseInit, TextClassificationInit } from '@sieve/api';
import type { RedisClient } from '@sieve/queue';
import type { ValidatedRequest } from './request-validation.ts';

const durationOf = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) });
const ZERO = { seconds: 0, nanos: 0 };

/** The request_id memo of the caller's tenant (see ClassifyDispatcher.recall / remember). */
export interface RequestReplays {
  recall(validated: ValidatedRequest): Promise<ClassifyResponseInit | undefined>;
  remember(validated: ValidatedRequest, response: ClassifyResponseInit): Promise<void>;
}

/** What is stored per text: [tokenCount, truncated (0|1), label, score, label, score, ...]. */
type StoredOutcome = [number, number, ...Array<string | number>];

/**
 * Answers texts seen before from Redis instead of the workers: spam and abuse arrive in waves of the same message,
 * and a classifier's answer to a text is a pure function of the model's content and the options that shape the
 * output. The key is the model digest (a new model version never sees old answers) and a sha256 of the text with
 * top_k, raw_scores and truncation, so the text itself is never stored. Per text, not per call: a call whose
 * texts are partly known sends only the others to the workers. Only answers are stored, never errors.
 * The TTL bounds memory, not correctness (the digest does that). Any Redis trouble is a miss: the cache never
 * fails a call.
 */
export class ResponseCache {
  constructor(
    private readonly deps: {
      redis: RedisClient;
      /** The queue prefix: its {hash-tag} keeps every key, and so one MGET, in one Redis Cluster slot. */
      prefix: string;
      /** 0 turns the cache off. */
      ttlMs: number;
    },
  ) {}

  get enabled(): boolean {
    return this.deps.ttlMs > 0;
  }

  private key(tenant: string, digest: string, job: ValidatedRequest['job'], text: string): string {
    const hash = createHash('sha256')
      .update(`${job.topK}\0${job.raw ? 1 : 0}\0${job.truncation}\0`)
      // A head's answer to a text is not the base model's: the head version is part of the key.
      .update(job.head ? `head:${job.head.id}\0` : '')
      .update(text)
      .digest('base64url');
    // Per tenant: a shared entry would tell one tenant (through `cached: true` or the faster answer) what another
    // classified recently. The tenant's segment also lets a purge delete its entries.
    return `${this.deps.prefix}:rc:${tenant}:${digest.replace(/^sha256:/, '').slice(0, 32)}:${hash}`;
  }

  /**
   * The call's answer, from the cache where it can, from `dispatch` (the workers) for the texts it cannot.
   * `disabled` is the tenant's opt-out. A retried call with a request_id gets its first answer (`replays`), not a
   * cached one, and a call answered partly from the cache is remembered whole for its retries.
   */
  async classify(
    validated: ValidatedRequest,
    options: { tenant: string; disabled: boolean; replays: RequestReplays },
    dispatch: (validated: ValidatedRequest) => Promise<ClassifyResponseInit>,
  ): Promise<ClassifyResponseInit> {
    if (!this.enabled || options.disabled || this.deps.redis.status !== 'ready') return dispatch(validated);
    const started = performance.now();
    const earlier = await options.replays.recall(validated);
    if (earlier) return earlier;
    const { job, model } = validated;
    const known = await this.lookup(options.tenant, model.digest, job, job.texts);
    const missing = job.texts.flatMap((_, index) => (known[index] ? [] : [index]));
    if (missing.length === job.texts.length) {
      const response = await dispatch(validated);
      this.store(options.tenant, response.modelDigest, job, job.texts, response.results ?? []);
      return response;
    }
    let fresh: ClassifyResponseInit | undefined;
    if (missing.length > 0) {
      const texts = missing.map((index) => job.texts[index]!);
      // Without the request_id: the memo must hold the whole answer below, not this part of it.
      fresh = await dispatch({ ...validated, requestId: '', job: { ...job, texts } });
      this.store(options.tenant, fresh.modelDigest, job, texts, fresh.results ?? []);
    }
    const results = known.slice();
    missing.forEach((index, k) => (results[index] = fresh?.results?.[k]));
    const response: ClassifyResponseInit = {
      results: results as TextClassificationInit[],
      model: fresh?.model ?? (job.head ? `${model.ref}+${job.head.name}@${job.head.version}` : model.ref),
      modelDigest: fresh?.modelDigest ?? model.digest,
      requestId: validated.requestId,
      tokenCount: results.reduce((sum, result) => sum + Number(result?.tokenCount ?? 0), 0),
      timings: {
        total: durationOf(performance.now() - started),
        queue: fresh?.timings?.queue ?? ZERO,
        tokenization: fresh?.timings?.tokenization ?? ZERO,
        inference: fresh?.timings?.inference ?? ZERO,
      },
    };
    await options.replays.remember(validated, response);
    return response;
  }

  /** Deletes a tenant's cached answers (Admin purge); SCAN per primary, as the entries have no index. */
  async purgeTenant(tenant: string): Promise<number> {
    const { redis, prefix } = this.deps;
    const nodes = 'nodes' in redis ? redis.nodes('master') : [redis];
    let deleted = 0;
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:rc:${tenant}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) deleted += await node.unlink(...keys);
      } while (cursor !== '0');
    }
    return deleted;
  }

  private async lookup(
    tenant: string,
    digest: string,
    job: ValidatedRequest['job'],
    texts: readonly string[],
  ): Promise<Array<TextClassificationInit | undefined>> {
    const stored = await this.deps.redis
      .mget(texts.map((text) => this.key(tenant, digest, job, text)))
      .catch(() => texts.map(() => null));
    return stored.map((value) => (value === null ? undefined : decode(value)));
  }

  private store(
    tenant: string,
    digest: string | undefined,
    job: ValidatedRequest['job'],
    texts: readonly string[],
    results: readonly TextClassificationInit[],
  ): void {
    if (!digest || results.length !== texts.length) return;
    const pipeline = this.deps.redis.pipeline();
    texts.forEach((text, index) => {
      pipeline.set(this.key(tenant, digest, job, text), encode(results[index]!), 'PX', this.deps.ttlMs);
    });
    void pipeline.exec().catch(() => undefined);
  }
}

function encode(result: TextClassificationInit): string {
  const stored: StoredOutcome = [Number(result.tokenCount ?? 0), result.truncated ? 1 : 0];
  for (const { label, score } of result.labels ?? []) stored.push(label ?? '', Number(score ?? 0));
  return JSON.stringify(stored);
}

/** A stored answer, marked as cached; anything unreadable (another version's format) is a miss. */
function decode(value: string): TextClassificationInit | undefined {
  try {
    const [tokenCount, truncated, ...pairs] = JSON.parse(value) as StoredOutcome;
    const labels = [];
    for (let i = 0; i + 1 < pairs.length; i += 2)
      labels.push({ label: String(pairs[i]), score: Number(pairs[i + 1]) });
    return { labels, tokenCount, truncated: truncated === 1, cached: true };
  } catch {
    return undefined;
  }
}
