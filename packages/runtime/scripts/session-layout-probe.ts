// Measures one session layout in a process of its own: peak RSS (VmHWM, what the benchmark holds workers to), the
// resident anonymous and file-backed memory after the passes, and texts/s with every sorted batch handed over at
// once (the ceiling's way). Run it once per layout and compare; the numbers go in bench/NOTES.md.
//   pnpm exec tsx packages/runtime/scripts/session-layout-probe.ts '{"dir":"...","dtype":"fp32","sessions":2,"intraOpThreads":1}'
import { readFileSync } from 'node:fs';
import { sharedDataFile } from '@sieve/testing';
import { TextClassifier, type LoadOptions, type ModelDtype } from '../src/index.ts';

const input = JSON.parse(process.argv[2] ?? '{}') as {
  dir: string;
  dtype: ModelDtype;
  sessions: number;
  intraOpThreads: number;
  prepacking?: boolean;
  wordEmbeddingsOutside?: boolean;
  batchSize?: number;
  /** With it, batches as a CPU worker packs them: up to batchSize texts and this many padded tokens. */
  maxBatchTokens?: number;
  texts?: number;
  passes?: number;
};
const found = sharedDataFile('sentiment-multilingual-test.jsonl');
if ('skip' in found) throw new Error(`the probe needs ${found.skip}`);
const texts = readFileSync(found.path, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text)
  .slice(0, input.texts ?? 200);

function memory(): Record<string, number> {
  const status = readFileSync('/proc/self/status', 'utf8');
  const mb = (name: string) =>
    Math.round(Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) / 1024);
  const rollup = readFileSync('/proc/self/smaps_rollup', 'utf8');
  const pss = Math.round(Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) / 1024);
  return { peakRss: mb('VmHWM'), rss: mb('VmRSS'), anon: mb('RssAnon'), file: mb('RssFile'), pss };
}
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

const options: LoadOptions = {
  dtype: input.dtype,
  thread: true,
  sessions: input.sessions,
  intraOpThreads: input.intraOpThreads,
  allowSpinning: false,
  ...(input.prepacking !== undefined ? { prepacking: input.prepacking } : {}),
  ...(input.wordEmbeddingsOutside !== undefined
    ? { wordEmbeddingsOutside: input.wordEmbeddingsOutside }
    : {}),
};
const classifier = await TextClassifier.load(input.dir, options);
const afterLoad = memory();
const rows = (await classifier.tokenize(texts)).flatMap((entry) => ('ids' in entry ? [entry.ids] : []));
rows.sort((a, b) => a.length - b.length);
const batchSize = input.batchSize ?? 4;
const batches: Int32Array[][] = [];
if (input.maxBatchTokens === undefined) {
  for (let start = 0; start < rows.length; start += batchSize)
    batches.push(rows.slice(start, start + batchSize));
} else {
  for (const row of rows) {
    const last = batches.at(-1);
    const fits = last && last.length < batchSize && (last.length + 1) * row.length <= input.maxBatchTokens;
    if (fits) last.push(row);
    else batches.push([row]);
  }
}
await Promise.all(batches.map((batch) => classifier.predict(batch))); // warm-up: arenas grow to the corpus
const rates: number[] = [];
let cpu = 0;
for (let pass = 0; pass < (input.passes ?? 2); pass += 1) {
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  await Promise.all(batches.map((batch) => classifier.predict(batch)));
  rates.push(rows.length / ((performance.now() - started) / 1000));
  cpu += cpuSeconds() - cpuBefore;
}
const after = memory();
await classifier.close();
console.log(
  JSON.stringify({
    ...input,
    dir: undefined,
    textsPerSecond: rates.map((rate) => Math.round(rate * 10) / 10),
    cpuMsPerText: Math.round((cpu / (rows.length * rates.length)) * 1e4) / 10,
    afterLoad,
    after,
    load: readFileSync('/proc/loadavg', 'utf8').split(' ')[0],
  }),
);
