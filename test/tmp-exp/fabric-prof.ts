import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SieveCluster } from '@sieve/testing';
import { synthesizeModel } from '@sieve/synth';

const dir = mkdtempSync(join(tmpdir(), 'fabric-'));
await synthesizeModel({ preset: 'small', outDir: join(dir, 'small'), seed: 7 });
const cluster = await SieveCluster.start({ modelDir: join(dir, 'small'), model: 'small', workerEnv: { SIEVE_NOOP_INFERENCE: 'true' } });
const PER = Number(process.env.PER ?? 8);
const CALLERS = Number(process.env.CALLERS ?? 64);
const texts = Array.from({ length: 64 }, (_, i) => `good movie number ${i} was nice and the staff ${i % 7}`);
const call = (i: number) => new Promise((res, rej) => cluster.gateways[0]!.client.Classify({ model: 'small', texts: texts.slice(i % 8 * 8, i % 8 * 8 + PER) }, (e: any, r: any) => e ? rej(e) : res(r)));
for (let i = 0; i < 200; i++) await call(i);
const SECONDS = Number(process.env.SECONDS ?? 10);
let n = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: CALLERS }, async () => {
  while (performance.now() - t0 < SECONDS * 1000) { await call(n++); }
}));
const ms = performance.now() - t0;
console.log(`${n} calls x ${PER} texts in ${ms.toFixed(0)} ms: ${(n * 1000 / ms).toFixed(0)} calls/s, ${(n * PER * 1000 / ms).toFixed(0)} texts/s`);
await cluster.stop();
