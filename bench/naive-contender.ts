import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@sieve/testing';
import type { LoadSpec } from './load-generator.ts';
import { measurePhase, type PhaseResult } from './phase-measurement.ts';
import { memoryMb } from './process-usage.ts';

/** Contender 3: naive-server.ts as a process of its own, on a free loopback port. */
export class NaiveContender {
  private constructor(
    private readonly child: ChildProcess,
    readonly address: string,
  ) {}

  static async start(options: { modelDir: string; dtype: 'fp32' | 'int8' }): Promise<NaiveContender> {
    const address = `127.0.0.1:${await freePort()}`;
    const script = fileURLToPath(new URL('./naive-server.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', script, JSON.stringify({ ...options, address })],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`naive server not ready in 120 s:\n${output}`));
      }, 120_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('naive listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`naive server exited with ${code}:\n${output}`));
      });
    });
    return new NaiveContender(child, address);
  }

  get pids(): Record<string, number> {
    return { 'naive-server': this.child.pid! };
  }

  peakRss(): Record<string, number> {
    return { 'naive-server': memoryMb(this.child.pid!).peakRssMb };
  }

  measure(label: string, spec: Omit<LoadSpec, 'address' | 'model'>): Promise<PhaseResult> {
    return measurePhase(label, { ...spec, address: this.address, model: 'naive' }, this.pids);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
