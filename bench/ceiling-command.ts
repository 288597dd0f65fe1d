// The benchmark's ceiling as a command of its own: the same run `pnpm bench` starts first (ceiling-run.ts in a
// process of its own, through runCeiling), on any model directory, dtype and execution providers, printing its
// JSON. The portable archive ships it compiled (its `sieve-ceiling` launcher), for a machine with only the archive:
//   sieve-ceiling --model DIR --texts corpus.jsonl [--dtype fp16] [--providers webgpu,cpu] [--quick] [--out FILE]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { modelGraphBytes, sessionLayoutOf, wordEmbeddingTableBytes } from '@sieve/runtime';
import { runCeiling } from './ceiling-contender.ts';
import { parseCeilingOptions } from './ceiling-options.ts';
import { spreadSample } from './spread-sample.ts';

const cores = availableParallelism();
const parsed = parseCeilingOptions(process.argv.slice(2), cores);
if ('help' in parsed) {
  console.log(parsed.help);
  process.exit(0);
}
const corpus = readFileSync(parsed.textsFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text);
const texts = spreadSample(corpus, parsed.texts);
const workDir = mkdtempSync(join(tmpdir(), 'sieve-ceiling-'));
try {
  const dtype = parsed.dtype;
  const provider = parsed.executionProviders?.[0] ?? 'cpu';
  const modelDir = resolve(parsed.modelDir);
  // From the model's size too, as a worker chooses it ("auto" stays within the memory bound).
  const modelBytes = modelGraphBytes(modelDir, dtype);
  const result = await runCeiling({
    modelDir,
    dtype,
    ...(parsed.executionProviders ? { executionProviders: parsed.executionProviders } : {}),
    texts,
    batchSizes: parsed.batchSizes,
    latencyTexts: parsed.latencyTexts,
    // The session as a worker would configure it for this dtype and provider, for the latency base.
    workerSession: {
      ...sessionLayoutOf(
        {
          sessions: 'auto',
          provider,
          ...(modelBytes !== undefined ? { modelBytes } : {}),
          wordEmbeddingBytes: wordEmbeddingTableBytes(modelDir, dtype),
        },
        dtype,
        cores,
      ),
      allowSpinning: false,
    },
    layouts: parsed.layouts,
    workDir,
    withScores: parsed.scores,
  });
  const json = JSON.stringify({ modelDir: resolve(parsed.modelDir), cores, ...result }, null, 2);
  if (parsed.out) writeFileSync(parsed.out, `${json}\n`);
  console.log(json);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
