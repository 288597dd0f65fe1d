// CPU per text of tokenization by text length, the worker's path (TextTokenizer.encode) against the Rust binding as
// it was called before WordPieceEncoder (encodeBatch, then getIds and getOverflowing per encoding), and the
// gateway's count. Run: pnpm exec tsx packages/runtime/examples/tokenizer-cpu.ts [tokenizer.json] [corpus.jsonl]
// (defaults: the shared bert-base-multilingual-cased tokenizer and realistic corpus). Numbers in bench/NOTES.md.
import { readFileSync } from 'node:fs';
import { Tokenizer } from '@anush008/tokenizers';
import { sharedDataFile } from '@sieve/testing';
import { TextTokenizer } from '../src/index.ts';

function sharedPath(name: string): string {
  const found = sharedDataFile(name);
  if ('skip' in found) throw new Error(found.skip);
  return found.path;
}
const tokenizerPath = process.argv[2] ?? sharedPath('bert-base-multilingual-cased.tokenizer.json');
const corpusPath = process.argv[3] ?? sharedPath('sentiment-multilingual-test.jsonl');
const json = readFileSync(tokenizerPath, 'utf8');
const texts = readFileSync(corpusPath, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text);

const tokenizer = TextTokenizer.fromJson(tokenizerPath, json, 512);
const binding = Tokenizer.fromString(json);
binding.disablePadding();
binding.setTruncation(512);

/** The encode path before issue 30, kept here as the baseline. */
async function bindingEncode(call: string[]) {
  const encodings = await binding.encodeBatch(call);
  return encodings.map((encoding) => ({
    ids: Int32Array.from(encoding.getIds()),
    truncated: encoding.getOverflowing().length > 0,
  }));
}

const counts: number[] = [];
// Also the warm-up: every path JIT-compiled and every code point's class asked before anything is timed.
for (let start = 0; start < texts.length; start += 8) {
  const call = texts.slice(start, start + 8);
  counts.push(...(await tokenizer.countTokens(call)));
  await tokenizer.encode(call);
  await bindingEncode(call);
}
const buckets = [
  { name: 'short (<= 24 tokens)', keep: (n: number) => n <= 24 },
  { name: 'medium (25-63)', keep: (n: number) => n > 24 && n < 64 },
  { name: 'long (>= 64)', keep: (n: number) => n >= 64 },
  { name: 'all', keep: () => true },
].map(({ name, keep }) => {
  const picked = texts.filter((_, i) => keep(counts[i]!));
  const tokens = counts.filter((n) => keep(n));
  return { name, texts: picked, meanTokens: tokens.reduce((a, b) => a + b, 0) / Math.max(1, tokens.length) };
});

async function cpuPerText(
  list: string[],
  perCall: number,
  run: (call: string[]) => unknown,
  minTexts = 6000,
) {
  const calls: string[][] = [];
  for (let start = 0; start < list.length; start += perCall) calls.push(list.slice(start, start + perCall));
  for (const call of calls.slice(0, 200)) await run(call);
  let timed = 0;
  const before = process.cpuUsage();
  while (timed < minTexts)
    for (const call of calls) {
      await run(call);
      timed += call.length;
    }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / timed;
}

console.log(
  `implementation: ${tokenizer.implementation}; ${texts.length} texts; CPU µs per text (user+system, all threads)`,
);
console.log('bucket | texts | mean tokens | texts/call | binding before | encode now | countTokens now');
for (const bucket of buckets)
  for (const perCall of [1, 8]) {
    const before = await cpuPerText(bucket.texts, perCall, bindingEncode);
    const now = await cpuPerText(bucket.texts, perCall, (call) => tokenizer.encode(call));
    const count = await cpuPerText(bucket.texts, perCall, (call) => tokenizer.countTokens(call));
    console.log(
      `${bucket.name} | ${bucket.texts.length} | ${bucket.meanTokens.toFixed(1)} | ${perCall} | ${before.toFixed(1)} | ${now.toFixed(1)} | ${count.toFixed(1)}`,
    );
  }
