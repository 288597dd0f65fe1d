import { status, type ClientDuplexStream } from '@grpc/grpc-js';
import type {
  ClassifyRequestInit,
  ClassifyResponse,
  ClassifyStreamRequestInit,
  ClassifyStreamResponse,
} from '@sieve/api';
import type { RetryEvent } from './interfaces/client-options.ts';
import type { RetryBudget } from './retry-budget.ts';
import { backoffMs, isRetryable, type RetryOptions } from './retry-policy.ts';
import { SieveClientError } from './sieve-client-error.ts';

/** One request's outcome: `response` or `error`, with the request's position in the input. */
export interface ClassifyStreamResult {
  index: number;
  request: ClassifyRequestInit;
  response?: ClassifyResponse;
  error?: SieveClientError;
}

type Stream = ClientDuplexStream<ClassifyStreamRequestInit, ClassifyStreamResponse>;

interface OpenStream {
  stream: Stream;
  target: string;
  open: boolean;
}

interface Pending {
  index: number;
  correlationId: string;
  request: ClassifyRequestInit;
  attempts: number;
  /** Waiting out a retry delay: not to be resent by a reopened stream as well. */
  waiting: boolean;
}

export interface ClassifyStreamDeps {
  /** Opens the stream on the next gateway. */
  open(): { stream: Stream; target: string };
  requestOf(input: readonly string[] | ClassifyRequestInit): ClassifyRequestInit;
  maxInFlight: number;
  retry: RetryOptions;
  budget: RetryBudget;
  /** Epoch ms; undefined: none. */
  deadline: number | undefined;
  onRetry(event: RetryEvent): void;
}

type Input =
  | Iterable<readonly string[] | ClassifyRequestInit>
  | AsyncIterable<readonly string[] | ClassifyRequestInit>;

/**
 * One classifyStream: writes requests while fewer than `maxInFlight` are unanswered or unread, hands answers to the
 * caller as they come, retries a request the gateway refused with RetryInfo, and reopens a stream that broke with
 * UNAVAILABLE, resending only what had no answer (every request carries a request id, so a gateway that had
 * already computed one answers it from its memo).
 */
export class ClassifyStreamCall {
  private readonly pending = new Map<string, Pending>();
  private readonly answered: ClassifyStreamResult[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private waiters: Array<() => void> = [];
  private current!: OpenStream;
  private failure: Error | undefined;
  private inputDone = false;
  private closed = false;
  /** Reopens since the last answer: a gateway that keeps failing the stream is given up on. */
  private reopens = 0;
  private handedOut = 0;

  constructor(private readonly deps: ClassifyStreamDeps) {}

  async *results(requests: Input, signal?: AbortSignal): AsyncGenerator<ClassifyStreamResult> {
    this.openStream();
    const onAbort = () => this.fail(new SieveClientError(status.CANCELLED, 'cancelled by the caller', {}, 1));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    // The writer's rejection becomes the stream's failure, thrown to the caller below.
    void this.write(requests).catch((error: unknown) =>
      this.fail(error instanceof Error ? error : new Error(String(error))),
    );
    try {
      for (;;) {
        const next = this.answered.shift();
        if (next) {
          // Counted in flight until the caller comes back for the next one: it is not read before then.
          this.handedOut = 1;
          yield next;
          this.handedOut = 0;
          this.notify();
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.inputDone && this.pending.size === 0) return;
        await this.changed();
      }
    } finally {
      this.closed = true;
      signal?.removeEventListener('abort', onAbort);
      for (const timer of this.timers) clearTimeout(timer);
      if (this.current.open) {
        this.current.open = false;
        this.current.stream.cancel();
      }
      this.notify();
    }
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.notify();
  }

  private get stopped(): boolean {
    return this.closed || this.failure !== undefined;
  }

  private async write(requests: Input): Promise<void> {
    let index = 0;
    for await (const input of requests) {
      while (
        !this.stopped &&
        this.pending.size + this.answered.length + this.handedOut >= this.deps.maxInFlight
      ) {
        await this.changed();
      }
      if (this.stopped) return;
      const entry: Pending = {
        index,
        correlationId: String(index),
        request: this.deps.requestOf(input),
        attempts: 1,
        waiting: false,
      };
      index += 1;
      this.pending.set(entry.correlationId, entry);
      this.deps.budget.deposit();
      await this.send(entry);
    }
    this.inputDone = true;
    this.endIfDone();
    this.notify();
  }

  /** Writes one request on the current stream; one written while the stream is down goes out when it reopens. */
  private async send(entry: Pending): Promise<void> {
    const current = this.current;
    if (!current.open || this.stopped) return;
    const flushed = current.stream.write({ correlationId: entry.correlationId, request: entry.request });
    if (!flushed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          current.stream.off('drain', done);
          current.stream.off('status', done);
          resolve();
        };
        current.stream.on('drain', done);
        current.stream.on('status', done);
      });
    }
  }

  private openStream(): void {
    const { stream, target } = this.deps.open();
    const current: OpenStream = { stream, target, open: true };
    this.current = current;
    stream.on('data', (message: ClassifyStreamResponse) => this.receive(message));
    stream.on('error', (error: Error) => this.broken(current, error));
    stream.on('status', ({ code }: { code: number }) => {
      if (code === status.OK) current.open = false;
    });
  }

  private endIfDone(): void {
    if (this.inputDone && this.pending.size === 0 && this.current.open) this.current.stream.end();
  }

  private withinDeadline(delayMs: number): boolean {
    return this.deps.deadline === undefined || Date.now() + delayMs < this.deps.deadline;
  }

  private receive(message: ClassifyStreamResponse): void {
    const entry = this.pending.get(message.correlationId);
    if (!entry || entry.waiting) return; // not ours to answer again
    this.reopens = 0;
    if (message.error) {
      const error = SieveClientError.ofStatus(message.error, entry.attempts);
      if (this.retryLater(entry, error)) return;
      this.answer(entry, { index: entry.index, request: entry.request, error });
    } else {
      this.answer(entry, { index: entry.index, request: entry.request, response: message.response! });
    }
  }

  private answer(entry: Pending, result: ClassifyStreamResult): void {
    this.pending.delete(entry.correlationId);
    this.answered.push(result);
    this.notify();
    this.endIfDone();
  }

  /** Schedules a retry of one refused request where the policy, the budget and the deadline allow it. */
  private retryLater(entry: Pending, error: SieveClientError): boolean {
    const { retry, budget } = this.deps;
    const retryable = isRetryable({
      code: error.code,
      retryDelayMs: error.retryDelayMs,
      idempotent: true,
      responded: false,
    });
    if (!retryable || entry.attempts >= retry.maxAttempts) return false;
    const delayMs = backoffMs(entry.attempts, retry, error.retryDelayMs);
    if (!this.withinDeadline(delayMs) || !budget.withdraw()) return false;
    this.deps.onRetry({ attempt: entry.attempts, code: error.code, delayMs, target: this.current.target });
    entry.attempts += 1;
    entry.waiting = true;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      entry.waiting = false;
      void this.send(entry);
    }, delayMs);
    this.timers.add(timer);
    return true;
  }

  /** The stream failed: reopened elsewhere after a backoff if it was UNAVAILABLE, else the caller's error. */
  private broken(current: OpenStream, thrown: Error): void {
    current.open = false;
    if (current !== this.current || this.closed) return;
    const error = SieveClientError.of(thrown, this.reopens + 1);
    const { retry, budget } = this.deps;
    this.reopens += 1;
    const delayMs = backoffMs(this.reopens, retry, error.retryDelayMs);
    const retryable =
      error.code === status.UNAVAILABLE &&
      this.reopens < retry.maxAttempts &&
      this.withinDeadline(delayMs) &&
      budget.withdraw();
    if (!retryable) {
      this.fail(error);
      return;
    }
    this.deps.onRetry({ attempt: this.reopens, code: error.code, delayMs, target: current.target });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed) return;
      this.openStream();
      for (const entry of this.pending.values()) if (!entry.waiting) void this.send(entry);
      this.endIfDone();
      this.notify();
    }, delayMs);
    this.timers.add(timer);
  }
}
