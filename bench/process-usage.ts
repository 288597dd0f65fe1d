import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ): 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, every thread) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/**
 * CPU seconds of the process's first thread alone (its task whose id is the pid): in a Node service, the thread
 * that runs the event loop. The rest of a worker's CPU is mostly its inference sessions' threads.
 */
export function mainThreadCpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/task/${pid}/stat`);
}

function statCpuSeconds(path: string): number {
  const stat = readFileSync(path, 'utf8');
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
  /** The part of cpuSeconds spent on the event loop's thread (absent in reports written before it was read). */
  mainThreadCpuSeconds?: number;
  peakRssMb: number;
}

/**
 * CPU time of named processes over one measured phase (difference of two readings) and their peak RSS at its end.
 * Processes that are gone by then are reported with what was last read.
 */
export class UsageMeter {
  private readonly start = new Map<string, { all: number; main: number }>();

  constructor(private readonly pids: Record<string, number>) {
    for (const [name, pid] of Object.entries(pids)) this.start.set(name, reading(pid));
  }

  stop(): Record<string, ProcessUsage> {
    const usage: Record<string, ProcessUsage> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      const start = this.start.get(name)!;
      const end = reading(pid);
      usage[name] = {
        cpuSeconds: +(end.all - start.all).toFixed(2),
        mainThreadCpuSeconds: +(end.main - start.main).toFixed(2),
        peakRssMb: safe(() => memoryMb(pid).peakRssMb, 0),
      };
    }
    return usage;
  }
}

const reading = (pid: number) => ({
  all: safe(() => cpuSeconds(pid), 0),
  main: safe(() => mainThreadCpuSeconds(pid), 0),
});

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
