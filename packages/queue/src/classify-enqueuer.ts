import { Queue } from 'bullmq';
import type { ClassifyJob, JobRequest } from './classify-job.ts';
import { CoalescingHold } from './coalescing-hold.ts';
import type { QueueKeys } from './queue-keys.ts';
import type { RedisClient } from '@sieve/redis';

export interface EnqueuerOptions {
  /** Shared by every queue; owned (and closed) by the caller. */
  connection: RedisClient;
  keys: QueueKeys;
  gatewayId: string;
  /** Requests arriving in the same event-loop turn for one model and tenant share a job, up to this many texts. */
  maxTextsPerJob?: number;
  /**
   * Longest time (ms) a request may be held for company while its queue is backed up (see CoalescingHold); 0: only
   * requests of one event-loop turn share a job.
   */
  maxHoldMs?: number;
  /** A held job goes at the end of the event-loop turn in which it reaches this many texts. */
  heldJobTexts?: number;
  /** Each job added: how many requests and texts it carries (for the gateway's metrics). */
  onJobAdded?: (requests: number, texts: number) => void;
}

interface Buffered {
  model: string;
  tenant: string | undefined;
  requests: JobRequest[];
  texts: number;
  settle: Array<(error?: unknown) => void>;
  /** Set while the job is held for company; unset, it goes at the end of the event-loop turn. */
  timer?: NodeJS.Timeout;
}

/**
 * Gateway side of the queue: one BullMQ queue per served model and tenant (a tenant's backlog never queues in front
 * of another tenant's work; workers share their batches between tenants by weight). Concurrent small requests for
 * the same queue are coalesced into one job per event-loop turn, so a burst of single-text calls costs one Redis
 * round trip, not one each; while the queue makes requests wait, a request is also held a moment for company
 * (CoalescingHold), so that steady single-text calls share jobs too.
 */
export class ClassifyEnqueuer {
  private readonly options: Required<Omit<EnqueuerOptions, 'onJobAdded'>> &
    Pick<EnqueuerOptions, 'onJobAdded'>;
  private readonly hold: CoalescingHold;
  /** Adds sent and not yet answered by Redis: close waits for them. */
  private readonly adding = new Set<Promise<void>>();
  private readonly queues = new Map<string, Queue<ClassifyJob>>();
  private readonly registered = new Set<string>();
  private readonly buffered = new Map<string, Buffered>();
  private flushScheduled = false;

  constructor(options: EnqueuerOptions) {
    this.options = { maxTextsPerJob: 256, maxHoldMs: 0, heldJobTexts: 16, ...options };
    this.hold = new CoalescingHold({ maxMs: this.options.maxHoldMs });
  }

  /**
   * A request of this model and tenant was answered after waiting `waitMs` from acceptance to its batch: how long
   * its queue makes requests wait now, which sets how long the next ones may be held for company.
   */
  observeWait(model: string, tenant: string | undefined, waitMs: number): void {
    this.hold.observe(`${model}\0${tenant ?? ''}`, waitMs, Date.now());
  }

  queue(model: string, tenant?: string): Queue<ClassifyJob> {
    const name = this.options.keys.queueName(model, tenant);
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<ClassifyJob>(name, {
        connection: this.options.connection,
        prefix: this.options.keys.prefix,
        // Jobs carry the callers' texts, so none outlives its work: failed ones are not kept for inspection either.
        defaultJobOptions: { removeOnComplete: true, removeOnFail: true },
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Makes a tenant's queue known to workers (once per process; again after a failure). */
  private async register(model: string, tenant: string | undefined): Promise<void> {
    if (!tenant) return;
    const key = `${model}\0${tenant}`;
    if (this.registered.has(key)) return;
    await this.options.connection.sadd(this.options.keys.tenantQueues(model), tenant);
    this.registered.add(key);
  }

  /** Resolves once the request is in Redis (and so will be answered), rejects if Redis refused it. */
  enqueue(model: string, request: JobRequest): Promise<void> {
    return new Promise((resolve, reject) => {
      const key = `${model}\0${request.tenant ?? ''}`;
      let batch = this.buffered.get(key);
      if (batch && batch.texts + request.texts.length > this.options.maxTextsPerJob) {
        this.flush(key);
        batch = undefined;
      }
      if (!batch) {
        batch = { model, tenant: request.tenant, requests: [], texts: 0, settle: [] };
        this.buffered.set(key, batch);
      }
      const first = batch.requests.length === 0;
      batch.requests.push(request);
      batch.texts += request.texts.length;
      batch.settle.push((error) => (error ? reject(error) : resolve()));
      if (batch.timer) {
        // Company enough: it goes at the end of this turn, with whatever else arrives in it.
        if (batch.texts >= this.options.heldJobTexts) {
          clearTimeout(batch.timer);
          batch.timer = undefined;
          this.scheduleTurnFlush();
        }
        return;
      }
      // A request with enough texts of its own has nothing to wait for.
      const holdMs =
        first && batch.texts < this.options.heldJobTexts
          ? this.hold.holdMs(key, request.deadline, Date.now())
          : 0;
      if (holdMs > 0) {
        const held = batch;
        held.timer = setTimeout(() => {
          if (this.buffered.get(key) === held) this.flush(key);
        }, holdMs);
      } else this.scheduleTurnFlush();
    });
  }

  private scheduleTurnFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushTurn());
  }

  /** The end of an event-loop turn: every job not held for company goes. */
  private flushTurn(): void {
    this.flushScheduled = false;
    for (const [key, batch] of [...this.buffered]) if (!batch.timer) this.flush(key);
  }

  private flush(key: string): void {
    const batch = this.buffered.get(key);
    if (!batch) return;
    this.buffered.delete(key);
    clearTimeout(batch.timer);
    const priority = Math.min(...batch.requests.map((request) => request.priority));
    const added = this.register(batch.model, batch.tenant)
      .then(() =>
        this.queue(batch.model, batch.tenant).add(
          'classify',
          { gateway: this.options.gatewayId, requests: batch.requests },
          priority > 0 ? { priority } : {},
        ),
      )
      .then(
        () => {
          batch.settle.forEach((settle) => settle());
          this.options.onJobAdded?.(batch.requests.length, batch.texts);
        },
        (error: unknown) => batch.settle.forEach((settle) => settle(error)),
      )
      .finally(() => this.adding.delete(added));
    this.adding.add(added);
  }

  /** Sends what is held (its callers are waiting for it), waits for Redis to answer every add, then closes. */
  async close(): Promise<void> {
    for (const key of [...this.buffered.keys()]) this.flush(key);
    await Promise.all(this.adding);
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
