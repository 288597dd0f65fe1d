import { createHash } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { ApiError, type ClassifyResponseInit, type TextClassificationInit } from '@sieve/api';
import type { RedisClient } from '@sieve/queue';
import { InFlightAnswers } from './in-flight-answers.ts';
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
  private readonly inFlight = new InFlightAnswers<TextClassificationInit>();

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
   * The call's answer, from the cache where it can, from `dispatch` (the workers) for the texts it cannot. A text
   * that another call of this gateway is computing at this moment (or that appears twice in this call) is not sent
   * again: this call waits for that answer, within its own deadline, and computes the text itself only if that
   * computation fails. `disabled` is the tenant's opt-out. A retried call with a request_id gets its first answer
   * (`replays`), not a cached one, and a call answered partly from the cache is remembered whole for its retries.
   */
  async classify(
    validated: ValidatedRequest,
    options: {
      tenant: string;
      disabled: boolean;
      replays: RequestReplays;
      /** The call's own deadline (epoch ms) and cancellation, which bound its wait for another call's answer. */
      deadline: number;
      signal: AbortSignal;
    },
    dispatch: (validated: ValidatedRequest) => Promise<ClassifyResponseInit>,
  ): Promise<ClassifyResponseInit> {
    if (!this.enabled || options.disabled || this.deps.redis.status !== 'ready') return dispatch(validated);
    const started = performance.now();
    const earlier = await options.replays.recall(validated);
    if (earlier) return earlier;
    const { job, model } = validated;
    const keys = job.texts.map((text) => this.key(options.tenant, model.digest, job, text));
    const results = await this.lookup(keys);
    const led: Array<{ index: number; settle: (answer: TextClassificationInit | undefined) => void }> = [];
    const followed: Array<{ index: number; answer: Promise<TextClassificationInit | undefined> }> = [];
    results.forEach((known, index) => {
      if (known) return;
      const claim = this.inFlight.join(keys[index]!);
      if (claim.lead) led.push({ index, settle: claim.settle });
      else followed.push({ index, answer: claim.answer });
    });

    // Nothing known, nothing shared: the call goes as it came (with its request_id, remembered by the dispatcher).
    if (led.length === job.texts.length)
      return this.compute(validated, keys, led, results, dispatch, 'whole');

    let fresh: ClassifyResponseInit | undefined;
    if (led.length > 0) fresh = await this.compute(validated, keys, led, results, dispatch);
    if (followed.length > 0) {
      const shared = await waitWithin(
        followed.map((entry) => entry.answer),
        options,
      );
      const orphans: Array<{ index: number }> = [];
      followed.forEach(({ index }, k) => {
        const answer = shared[k];
        if (answer) results[index] = { ...answer, cached: true };
        else orphans.push({ index });
      });
      if (orphans.length > 0) {
        // Not `fresh ??= await ...`: that would skip computing them whenever this call led some texts too.
        const retried = await this.compute(validated, keys, orphans, results, dispatch);
        fresh ??= retried;
      }
    }
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

  /**
   * Sends texts of a call to the workers (`whole`: the call as it came, request_id and all; else only `entries`,
   * without the request_id, as the memo must hold the whole answer), fills their places in `results`, stores them,
   * and hands them to the calls waiting for them.
   */
  private async compute(
    validated: ValidatedRequest,
    keys: readonly string[],
    entries: ReadonlyArray<{ index: number; settle?: (answer: TextClassificationInit | undefined) => void }>,
    results: Array<TextClassificationInit | undefined>,
    dispatch: (validated: ValidatedRequest) => Promise<ClassifyResponseInit>,
    scope: 'whole' | 'part' = 'part',
  ): Promise<ClassifyResponseInit> {
    const { job, model } = validated;
    let fresh: ClassifyResponseInit;
    try {
      fresh = await dispatch(
        scope === 'whole'
          ? validated
          : {
              ...validated,
              requestId: '',
              job: { ...job, texts: entries.map(({ index }) => job.texts[index]!) },
            },
      );
    } catch (error) {
      entries.forEach(({ settle }) => settle?.(undefined));
      throw error;
    }
    const answers = fresh.results ?? [];
    const complete = answers.length === entries.length;
    entries.forEach(({ index, settle }, k) => {
      results[index] = answers[k];
      settle?.(complete ? answers[k] : undefined);
    });
    this.store(
      entries.map(({ index }) => keys[index]!),
      fresh.modelDigest === model.digest,
      answers,
    );
    return fresh;
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

  private async lookup(keys: readonly string[]): Promise<Array<TextClassificationInit | undefined>> {
    const stored = await this.deps.redis.mget([...keys]).catch(() => keys.map(() => null));
    return stored.map((value) => (value === null ? undefined : decode(value)));
  }

  /** `current`: the answers are the model version the keys name (a reload between lookup and answer stores none). */
  private store(keys: readonly string[], current: boolean, results: readonly TextClassificationInit[]): void {
    if (!current || results.length !== keys.length) return;
    const pipeline = this.deps.redis.pipeline();
    keys.forEach((key, index) => pipeline.set(key, encode(results[index]!), 'PX', this.deps.ttlMs));
    void pipeline.exec().catch(() => undefined);
  }
}

/**
 * Another call's answers, waited for no longer than this call may wait: its caller's cancellation or deadline
 * ends the wait (the other call goes on, unaffected).
 */
async function waitWithin<T>(
  answers: ReadonlyArray<Promise<T>>,
  limits: { deadline: number; signal: AbortSignal },
): Promise<T[]> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const interrupted = new Promise<never>((_, reject) => {
    if (limits.signal.aborted) reject(new ApiError(status.CANCELLED, 'cancelled by the caller'));
    onAbort = () => reject(new ApiError(status.CANCELLED, 'cancelled by the caller'));
    limits.signal.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(
      () => reject(new ApiError(status.DEADLINE_EXCEEDED, 'deadline exceeded before the result arrived')),
      Math.max(0, limits.deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([Promise.all(answers), interrupted]);
  } finally {
    clearTimeout(timer);
    if (onAbort) limits.signal.removeEventListener('abort', onAbort);
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
