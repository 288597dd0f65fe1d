import { status } from '@grpc/grpc-js';
import { ApiError, type ClassifyResponseInit, type TextClassificationInit } from '@sieve/api';
import { ResponseCacheStore, type BoundedTenantStore, type KeyedDigest } from '@sieve/queue';
import { decodeText, encodeText } from './inference/answer-encoding.ts';
import { InFlightAnswers } from './in-flight-answers.ts';
import type { ValidatedRequest } from './inference/request-validation.ts';

const durationOf = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) });
const ZERO = { seconds: 0, nanos: 0 };

/** The request_id memo of the caller's tenant (see ClassifyDispatcher.recall / remember). */
export interface RequestReplays {
  /** The first answer to this request, or an ApiError (rejected) when its request_id was used for another. */
  recall(validated: ValidatedRequest): Promise<ClassifyResponseInit | undefined>;
  remember(validated: ValidatedRequest, response: ClassifyResponseInit): Promise<void>;
}

/**
 * Answers texts seen before from Redis instead of the workers: spam and abuse arrive in waves of the same message,
 * and a classifier's answer to a text is a pure function of the model's content and the options that shape the
 * output. Where and how answers are kept (per tenant, bounded, under keyed digests, any Redis trouble a miss) is
 * ResponseCacheStore's; this is the call's side: per text, not per call (a call whose texts are partly known sends
 * only the others to the workers), texts being computed shared between concurrent calls, request_id replays kept
 * whole. Only answers are stored, never errors. The TTL bounds memory, not correctness (the digest does that).
 */
export class ResponseCache {
  private readonly inFlight = new InFlightAnswers<TextClassificationInit>();
  private readonly entries: ResponseCacheStore;

  constructor(
    private readonly deps: {
      /** Per-tenant entries (field: keyed digest of a text and its options; value: the answer). */
      store: Pick<BoundedTenantStore, 'read' | 'write' | 'purge'>;
      digest: KeyedDigest;
      /** 0 turns the cache off. */
      ttlMs: number;
      /** Whether Redis can be asked now; while not, calls skip the cache rather than wait for it. */
      ready?: () => boolean;
    },
  ) {
    this.entries = new ResponseCacheStore(deps.store, deps.digest);
  }

  get enabled(): boolean {
    return this.deps.ttlMs > 0;
  }

  /**
   * The call's answer, from the cache where it can, from `dispatch` (the workers) for the texts it cannot. A text
   * that another call of this gateway is computing at this moment (or that appears twice in this call) is not sent
   * again: this call waits for that answer, within its own deadline, and computes the text itself only if that
   * computation fails. `disabled` is the tenant's opt-out. A retried call with a request_id gets its first answer
   * (`replays`), not a cached one, and a call answered partly from the cache is remembered whole for its retries;
   * the same request_id with another request is refused by `replays` before anything is looked up.
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
    if (!this.enabled || options.disabled || this.deps.ready?.() === false) return dispatch(validated);
    const started = performance.now();
    const earlier = await options.replays.recall(validated);
    if (earlier) return earlier;
    const { job, model } = validated;
    const keys = this.entries.fieldsOf(model.digest, job, job.texts);
    const results = await this.lookup(options.tenant, keys);
    // In-flight computations are shared within a tenant only, as stored answers are.
    const flights = keys.map((key) => `${options.tenant}\n${key}`);
    const led: Array<{ index: number; settle: (answer: TextClassificationInit | undefined) => void }> = [];
    const followed: Array<{ index: number; answer: Promise<TextClassificationInit | undefined> }> = [];
    results.forEach((known, index) => {
      if (known) return;
      const claim = this.inFlight.join(flights[index]!);
      if (claim.lead) led.push({ index, settle: claim.settle });
      else followed.push({ index, answer: claim.answer });
    });

    // Nothing known, nothing shared: the call goes as it came (with its request_id, remembered by the dispatcher).
    if (led.length === job.texts.length)
      return this.compute(validated, options.tenant, keys, led, results, dispatch, 'whole');

    let fresh: ClassifyResponseInit | undefined;
    if (led.length > 0) fresh = await this.compute(validated, options.tenant, keys, led, results, dispatch);
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
        const retried = await this.compute(validated, options.tenant, keys, orphans, results, dispatch);
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
    tenant: string,
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
      tenant,
      entries.map(({ index }) => keys[index]!),
      fresh.modelDigest === model.digest,
      answers,
    );
    return fresh;
  }

  /** Deletes a tenant's cached answers (Admin purge); answers the number deleted. */
  purgeTenant(tenant: string): Promise<number> {
    return this.entries.purge(tenant);
  }

  private async lookup(
    tenant: string,
    keys: readonly string[],
  ): Promise<Array<TextClassificationInit | undefined>> {
    const stored = await this.entries.read(tenant, keys);
    return stored.map((value) => (value === undefined ? undefined : decode(value)));
  }

  /** `current`: the answers are the model version the keys name (a reload between lookup and answer stores none). */
  private store(
    tenant: string,
    keys: readonly string[],
    current: boolean,
    results: readonly TextClassificationInit[],
  ): void {
    if (!current || results.length !== keys.length) return;
    this.entries.write(
      tenant,
      keys.map((key, index) => [key, encode(results[index]!)] as const),
    );
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

/** A text's answer as the cache stores it (never marked cached: every answer read back is). */
function encode(result: TextClassificationInit): string {
  return JSON.stringify(encodeText({ ...result, cached: false }));
}

/** A stored answer, marked as cached; anything unreadable (another version's format) is a miss. */
function decode(value: string): TextClassificationInit | undefined {
  try {
    return { ...decodeText(JSON.parse(value) as Parameters<typeof decodeText>[0]), cached: true };
  } catch {
    return undefined;
  }
}
