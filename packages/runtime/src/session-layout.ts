import type { ExecutionProviderName } from './execution-providers.ts';
import type { ModelDtype } from './model-directory.ts';

/** How many sessions of one model run batches at once, and how many intra-op threads each splits an operator into. */
export interface SessionLayout {
  sessions: number;
  intraOpThreads: number;
}

export interface SessionLayoutWanted {
  /** A count, or "auto": see sessionLayoutOf. */
  sessions: number | 'auto';
  /** Threads per session, when set; otherwise the cores shared out between the sessions. */
  intraOpThreads?: number;
  /** The cores inference may use (a container's CPU limit), when known; otherwise all `cores`. */
  cpus?: number;
  /** The first execution provider wanted. */
  provider: ExecutionProviderName;
}

/** "auto" never makes more sessions than this: each holds its own weights in ONNX Runtime's layout and its arena. */
export const AUTO_SESSIONS_MAX = 4;

/**
 * The layout for a model of `dtype` on `cores` (what the process sees). "auto" gives int8 models on CPU one session
 * per core: their operators are short, so two threads splitting each one spend much of it waiting for each other
 * (on cores shared with an event loop, a gateway and Redis, often preempted), while one-thread sessions never wait,
 * and an int8 copy of the weights is small. fp32 weights in ONNX Runtime's layout cost ~400 MB a copy for a gain of
 * ~10%, and a GPU runs one batch at a time anyway: one session (bench/NOTES.md has the measurements).
 */
export function sessionLayoutOf(
  wanted: SessionLayoutWanted,
  dtype: ModelDtype,
  cores: number,
): SessionLayout {
  const cpus = wanted.cpus ?? cores;
  const sessions =
    wanted.sessions !== 'auto'
      ? wanted.sessions
      : (dtype === 'int8' || dtype === 'int8-dynamic') && wanted.provider === 'cpu'
        ? Math.max(1, Math.min(cpus, AUTO_SESSIONS_MAX))
        : 1;
  // Always a number, never ONNX Runtime's own default, so that the count is the one logged and follows the cores
  // given (a container's limit): ORT's default counts the machine's physical cores and pins each thread to one.
  // Pinned or not measured the same in the cluster on 2 cores (bench/NOTES.md, session of 2026-11-27 08:30).
  return { sessions, intraOpThreads: wanted.intraOpThreads ?? Math.max(1, Math.floor(cpus / sessions)) };
}
