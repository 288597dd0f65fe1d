import { readFileSync } from 'node:fs';
import { sharedDataFile } from '@sieve/testing';

export const REALISTIC_CORPUS = 'sentiment-multilingual-test.jsonl';
export const SPAM_CORPUS = 'sms-spam-collection.jsonl';

/** Every `text` of a shared JSON-lines corpus, in file order; fails naming the file and SIEVE_SHARED_DATA. */
export function readCorpus(name: string): string[] {
  const found = sharedDataFile(name);
  if ('skip' in found) throw new Error(`the benchmark needs ${found.skip}`);
  return readFileSync(found.path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { text: string }).text);
}

// In a file of its own so that the ceiling command (in the portable archive, without @sieve/testing) shares it.
export { spreadSample } from './spread-sample.ts';

/** A fixed shuffle (seeded), so that arrival order mixes languages and lengths the same way in every run. */
export function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
