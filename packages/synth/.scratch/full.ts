import { synthesizeModel } from '../src/index.ts';
const t0 = performance.now();
const r = await synthesizeModel({
  preset: 'distilbert-multilingual',
  outDir: '/tmp/synth-full',
  int8: true,
  onProgress: (m) => console.log(((performance.now() - t0) / 1000).toFixed(1), m),
});
console.log(r, ((performance.now() - t0) / 1000).toFixed(1), 's', process.memoryUsage());
