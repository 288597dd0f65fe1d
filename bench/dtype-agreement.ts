// How far the int8 graphs stand from fp32 on a labelled corpus, and what each costs: top-label agreement with fp32,
// the largest and mean probability error, texts/s in batches of --batch (length-sorted, as the worker groups them).
//   node --import tsx bench/dtype-agreement.ts --model DIR --corpus FILE.jsonl [--batch 32] [--threads 2]
// Writes bench/results/dtype-agreement.json and prints a Markdown table (docs/models.md quotes it).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TextClassifier, type ModelDtype, type TokenizedText } from '@sieve/runtime';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    corpus: { type: 'string' },
    batch: { type: 'string', default: '32' },
    threads: { type: 'string', default: '2' },
    out: { type: 'string', default: join(import.meta.dirname, 'results', 'dtype-agreement.json') },
  },
});
if (!values.model || !values.corpus) throw new Error('--model DIR and --corpus FILE.jsonl are required');
const batchSize = Number(values.batch);
const threads = Number(values.threads);
const texts = readFileSync(values.corpus, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text);

interface DtypeRun {
  dtype: ModelDtype;
  probabilities: number[][];
  textsPerSecond: number;
}

async function run(dtype: ModelDtype): Promise<DtypeRun> {
  const classifier = await TextClassifier.load(values.model!, { dtype, intraOpThreads: threads });
  try {
    const ids = ((await classifier.tokenize(texts)) as TokenizedText[]).map((text) => text.ids);
    const order = ids.map((_, index) => index).sort((a, b) => ids[a]!.length - ids[b]!.length);
    const probabilities: number[][] = new Array(texts.length);
    let busy = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      const began = performance.now();
      const logits = await classifier.predict(batch.map((index) => ids[index]!));
      busy += performance.now() - began;
      batch.forEach((index, row) => (probabilities[index] = softmax(logits[row]!)));
    }
    return { dtype, probabilities, textsPerSecond: texts.length / (busy / 1000) };
  } finally {
    await classifier.close();
  }
}

function softmax(logits: Float32Array): number[] {
  const max = Math.max(...logits);
  const exps = [...logits].map((logit) => Math.exp(logit - max));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}

const argmax = (row: number[]) => row.indexOf(Math.max(...row));
const runs = [];
for (const dtype of ['fp32', 'int8', 'int8-dynamic'] as const) runs.push(await run(dtype));
const reference = runs[0]!;
const rows = runs.map(({ dtype, probabilities, textsPerSecond }) => {
  let agree = 0;
  let max = 0;
  let sum = 0;
  let count = 0;
  probabilities.forEach((row, index) => {
    const expected = reference.probabilities[index]!;
    if (argmax(row) === argmax(expected)) agree += 1;
    row.forEach((value, j) => {
      const error = Math.abs(value - expected[j]!);
      max = Math.max(max, error);
      sum += error;
      count += 1;
    });
  });
  return {
    dtype,
    texts: probabilities.length,
    agreement: agree / probabilities.length,
    maxProbabilityError: max,
    meanProbabilityError: sum / count,
    textsPerSecond: textsPerSecond,
  };
});
mkdirSync(join(values.out, '..'), { recursive: true });
writeFileSync(
  values.out,
  `${JSON.stringify({ model: values.model, corpus: values.corpus, batchSize, threads, rows }, null, 2)}\n`,
);
console.log('| dtype | same top label as fp32 | max prob. error | mean prob. error | texts/s |');
console.log('| ----- | ---------------------- | --------------- | ---------------- | ------- |');
for (const row of rows)
  console.log(
    `| ${row.dtype} | ${(row.agreement * 100).toFixed(2)}% | ${row.maxProbabilityError.toFixed(4)} | ${row.meanProbabilityError.toFixed(5)} | ${row.textsPerSecond.toFixed(0)} |`,
  );
