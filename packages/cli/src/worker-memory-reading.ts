import type { MemoryReading } from '@sieve/eval';

const RESIDENT = /^sieve_worker_process_resident_memory_bytes(?:\{[^}]*\})?\s+([0-9.eE+]+)\s*$/m;

/**
 * The worker's resident memory from its Prometheus endpoint, read once after its batch: a figure measured in the
 * same run as the quality beside it. A failure is a value (the reason), so the report says "not measured".
 */
export async function readWorkerMemory(url: string): Promise<MemoryReading | { unreadable: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) return { unreadable: `${url} answered HTTP ${response.status}` };
    const match = RESIDENT.exec(await response.text());
    if (!match) return { unreadable: `${url} has no sieve_worker_process_resident_memory_bytes` };
    return { residentBytes: Number(match[1]), source: url };
  } catch (error) {
    return { unreadable: `${url}: ${(error as Error).message}` };
  }
}
