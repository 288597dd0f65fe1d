import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { cpuSeconds, mainThreadCpuSeconds, UsageMeter } from '../process-usage.ts';

describe('UsageMeter', () => {
  it("reads the event loop's thread apart from the process's other threads", async () => {
    const meter = new UsageMeter({ self: process.pid });
    // A thread of this process spins until the process's other threads have used 0.3 s of CPU, while the main
    // thread only waits: however busy the machine, the spin ends on CPU used, never on time.
    const spin = `
      const { readFileSync } = require('node:fs');
      const read = (path) => { const f = readFileSync(path, 'utf8'); const x = f.slice(f.lastIndexOf(')') + 2).split(' '); return (Number(x[11]) + Number(x[12])) / 100; };
      const others = () => read('/proc/${process.pid}/stat') - read('/proc/${process.pid}/task/${process.pid}/stat');
      const start = others();
      while (others() - start < 0.3) for (let i = 0; i < 1e5; i++);
    `;
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(spin, { eval: true });
      worker.once('error', reject);
      worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
    });
    const { self } = meter.stop();
    assert.ok(self!.cpuSeconds - self!.mainThreadCpuSeconds! >= 0.3, JSON.stringify(self));
    assert.ok(mainThreadCpuSeconds(process.pid) <= cpuSeconds(process.pid));
  });

  it('reports a process that is gone with what could be read: nothing', () => {
    const meter = new UsageMeter({ gone: 2 ** 22 + 1 });
    assert.deepEqual(meter.stop(), { gone: { cpuSeconds: 0, mainThreadCpuSeconds: 0, peakRssMb: 0 } });
  });
});
