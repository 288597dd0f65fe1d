export interface WorkerRestartSettings {
  /** Crashes within `windowMs` after which a worker is given up on. */
  maxCrashes: number;
  windowMs: number;
  /** Wait before the first restart, doubled per crash still in the window, at most `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_WORKER_RESTART: WorkerRestartSettings = {
  maxCrashes: 5,
  windowMs: 60_000,
  firstDelayMs: 1000,
  maxDelayMs: 15_000,
};

export type RestartDecision =
  | { restart: true; delayMs: number; crashesInWindow: number }
  | { restart: false; crashesInWindow: number };

/**
 * Whether a worker that exited unexpectedly is started again, and after how long: with backoff, so that a worker that
 * dies at once is not restarted in a tight loop, and not at all once it crashed `maxCrashes` times within `windowMs`
 * (a model or machine problem a restart does not cure). Pure: the caller gives the times.
 */
export class WorkerRestartPolicy {
  readonly #settings: WorkerRestartSettings;
  #crashes: number[] = [];

  constructor(settings: WorkerRestartSettings = DEFAULT_WORKER_RESTART) {
    this.#settings = settings;
  }

  get settings(): WorkerRestartSettings {
    return this.#settings;
  }

  crashed(nowMs: number): RestartDecision {
    const { maxCrashes, windowMs, firstDelayMs, maxDelayMs } = this.#settings;
    this.#crashes = [...this.#crashes.filter((at) => nowMs - at < windowMs), nowMs];
    const crashesInWindow = this.#crashes.length;
    if (crashesInWindow >= maxCrashes) return { restart: false, crashesInWindow };
    return {
      restart: true,
      delayMs: Math.min(maxDelayMs, firstDelayMs * 2 ** (crashesInWindow - 1)),
      crashesInWindow,
    };
  }
}
