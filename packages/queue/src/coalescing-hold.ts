export interface CoalescingHoldOptions {
  /** Longest hold in ms; 0 turns holding off (requests then share a job only within one event-loop turn). */
  maxMs: number;
  /** The part of the current wait a request may be held: the latency it can add, as a share of what it saves. */
  share?: number;
  /** Holds shorter than this are not worth a timer: the request goes at the end of the turn. */
  minMs?: number;
  /** Weight of the newest wait in the running average. */
  smoothing?: number;
  /** A wait older than this says nothing about now (the backlog may be gone): no hold until a fresh one. */
  staleAfterMs?: number;
}

interface Observed {
  waitMs: number;
  at: number;
}

/**
 * How long the gateway may hold a request for company before adding its job, per queue (model and tenant). Each job
 * costs Redis and the worker the same round trips whatever it carries, so single-text calls at saturation cost
 * several times their texts' share; holding them a moment turns many jobs into one. The hold is a small share of
 * what that queue's requests wait anyway (from acceptance to their batch, as replies report it), so it is nothing
 * at low load, where nothing waits, and a few ms when requests wait hundreds: it is bounded by `maxMs` and by a
 * share of the request's own remaining deadline. Pure: the clock is passed in.
 */
export class CoalescingHold {
  private readonly maxMs: number;
  private readonly share: number;
  private readonly minMs: number;
  private readonly smoothing: number;
  private readonly staleAfterMs: number;
  /** Bounded like the enqueuer's queues: one entry per model and tenant that sent work. */
  private readonly waits = new Map<string, Observed>();

  constructor(options: CoalescingHoldOptions) {
    this.maxMs = options.maxMs;
    this.share = options.share ?? 0.1;
    this.minMs = options.minMs ?? 2;
    this.smoothing = options.smoothing ?? 0.2;
    this.staleAfterMs = options.staleAfterMs ?? 1000;
  }

  /** A reply came back: `waitMs` is its time from acceptance to its batch (its round trip less the computing). */
  observe(queue: string, waitMs: number, now: number): void {
    if (this.maxMs === 0 || !Number.isFinite(waitMs)) return;
    const wait = Math.max(0, waitMs);
    const last = this.waits.get(queue);
    const fresh = last && now - last.at <= this.staleAfterMs;
    this.waits.set(queue, {
      waitMs: fresh ? last.waitMs + this.smoothing * (wait - last.waitMs) : wait,
      at: now,
    });
  }

  /** How long a request with this deadline (epoch ms) may wait for company now: 0 sends it this turn. */
  holdMs(queue: string, deadline: number, now: number): number {
    const observed = this.waits.get(queue);
    if (!observed) return 0;
    if (now - observed.at > this.staleAfterMs) {
      this.waits.delete(queue);
      return 0;
    }
    const hold = Math.min(this.maxMs, this.share * observed.waitMs, this.share * (deadline - now));
    return hold >= this.minMs ? hold : 0;
  }
}
