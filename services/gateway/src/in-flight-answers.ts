/** What `join` gives: either this call computes the text, or another call already does and will share its answer. */
export type InFlightClaim<T> =
  | {
      lead: true;
      /** The answer, or undefined when the computation failed or was cancelled: followers then compute it themselves. */
      settle(answer: T | undefined): void;
    }
  | { lead: false; answer: Promise<T | undefined> };

/**
 * Answers being computed right now for calls of this gateway, by response-cache key. A wave of the same message
 * arriving at once is the case the cache cannot help (nothing is stored until the first answer comes back): each
 * call would miss and send the text to the workers. With this, the first call computes it and the others wait for
 * its answer. A leader that fails hands nothing on, so a follower never inherits another call's error, only a
 * later start. Pure: no Redis, no gRPC, no timers.
 */
export class InFlightAnswers<T> {
  private readonly pending = new Map<string, { answer: Promise<T | undefined>; followers: number }>();

  /** Keys being computed now. */
  get size(): number {
    return this.pending.size;
  }

  join(key: string): InFlightClaim<T> {
    const current = this.pending.get(key);
    if (current) {
      current.followers += 1;
      return { lead: false, answer: current.answer };
    }
    let resolve!: (answer: T | undefined) => void;
    const entry = {
      answer: new Promise<T | undefined>((done) => (resolve = done)),
      followers: 0,
    };
    this.pending.set(key, entry);
    let settled = false;
    return {
      lead: true,
      settle: (answer) => {
        if (settled) return;
        settled = true;
        if (this.pending.get(key) === entry) this.pending.delete(key);
        resolve(answer);
      },
    };
  }

  /** Calls waiting on `key`'s computation (for tests and metrics). */
  followersOf(key: string): number {
    return this.pending.get(key)?.followers ?? 0;
  }
}
