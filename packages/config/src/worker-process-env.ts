/**
 * Environment a worker process must be started with, by whatever starts it (the worker images, `pnpm start`, the test
 * and benchmark clusters): glibc reads these when the process starts, before any JavaScript runs, so the worker
 * cannot set them for itself. A value already in the launcher's environment wins.
 *
 * - `MALLOC_ARENA_MAX=2`: by default glibc gives threads their own malloc arenas (up to eight per core), and a worker
 *   has many threads (ONNX Runtime's, the tokenizer's, libuv's, V8's); memory freed in one arena serves no other.
 * - `MALLOC_TRIM_THRESHOLD_=131072`: hand freed memory at the top of the heap back at 128 KB rather than at glibc's
 *   adaptive threshold, which grows to tens of MB after a model load's large transient allocations.
 *
 * Together, int8 worker peak RSS 441-472 -> 359-406 MB at the same throughput (alternating runs, bench/NOTES.md).
 */
export const WORKER_PROCESS_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_TRIM_THRESHOLD_: '131072',
};

/** The variables of WORKER_PROCESS_ENV that `env` lacks or sets otherwise, with the value each should have. */
export function missingWorkerProcessEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(WORKER_PROCESS_ENV)
    .filter(([name, value]) => env[name] !== value)
    .map(([name, value]) => `${name}=${value}`);
}
