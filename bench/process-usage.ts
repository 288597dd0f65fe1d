import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ): 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, every thread) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Peak resident set size in MB over the process's life (VmHWM), and the current one (VmRSS). */
export function memoryMb(pid: number): { peakRssMb: number; rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { peakRssMb: Math.round(kb('VmHWM') / 1024), rssMb: Math.round(kb('VmRSS') / 1024) };
}

export interface ProcessUsage {
  cpuSeconds: number;
  peakRssMb: number;
}

/**
 * CPU time of named processes over one measured phase (difference of two readings) and their peak RSS at its end.
 * Processes that are gone by then are reported with what was last read.
 */
export class UsageMeter {
  private readonly start = new Map<string, number>();

  constructor(private readonly pids: Record<string, number>) {
    for (const [name, pid] of Object.entries(pids))
      this.start.set(
        name,
        safe(() => cpuSeconds(pid), 0),
      );
  }

  stop(): Record<string, ProcessUsage> {
    const usage: Record<string, ProcessUsage> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      usage[name] = {
        cpuSeconds: +(safe(() => cpuSeconds(pid), 0) - this.start.get(name)!).toFixed(2),
        peakRssMb: safe(() => memoryMb(pid).peakRssMb, 0),
      };
    }
    return usage;
  }
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
