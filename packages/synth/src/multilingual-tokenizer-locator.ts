import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHARED_TOKENIZER_FILE = 'bert-base-multilingual-cased.tokenizer.json';
// Both repositories ship the bert-base-multilingual-cased vocabulary the full-size preset needs.
const HUB_REPOSITORIES = [
  'models--distilbert-base-multilingual-cased',
  'models--lxyuan--distilbert-base-multilingual-cased-sentiments-student',
];

/**
 * Path of the real bert-base-multilingual-cased tokenizer.json: `$SIEVE_SHARED_DATA` (default: the `shared/data`
 * folder next to the repository), then the Hugging Face hub cache. Throws, listing every place it looked.
 */
export function findMultilingualTokenizer(): string {
  const looked: string[] = [];
  const sharedFile = join(sharedDataDirectory(), SHARED_TOKENIZER_FILE);
  looked.push(sharedFile);
  if (existsSync(sharedFile)) return sharedFile;

  const hubCache = hubCacheDirectory();
  for (const repository of HUB_REPOSITORIES) {
    const snapshots = join(hubCache, repository, 'snapshots');
    looked.push(join(snapshots, '*', 'tokenizer.json'));
    for (const snapshot of listDirectory(snapshots)) {
      const candidate = join(snapshots, snapshot, 'tokenizer.json');
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new Error(
    `Cannot find the bert-base-multilingual-cased tokenizer.json. Looked in:\n${looked.map((path) => `  - ${path}`).join('\n')}\n` +
      `Set SIEVE_SHARED_DATA to the directory holding ${SHARED_TOKENIZER_FILE}, or pass tokenizerPath.`,
  );
}

function sharedDataDirectory(): string {
  const configured = process.env['SIEVE_SHARED_DATA'];
  if (configured) return resolve(configured);
  // packages/synth/ -> the repository root's sibling `shared/data`.
  const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
  return resolve(packageDirectory, '../../../shared/data');
}

/** huggingface_hub's precedence: HF_HUB_CACHE, $HF_HOME/hub, $XDG_CACHE_HOME/huggingface/hub, ~/.cache/huggingface/hub. */
function hubCacheDirectory(): string {
  const hubCache = process.env['HF_HUB_CACHE'];
  if (hubCache) return resolve(hubCache);
  const hfHome = process.env['HF_HOME'];
  if (hfHome) return join(resolve(hfHome), 'hub');
  const cacheHome = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(resolve(cacheHome), 'huggingface', 'hub');
}

function listDirectory(directory: string): string[] {
  try {
    // Sorted so the choice between several snapshots does not depend on directory order.
    return readdirSync(directory).sort();
  } catch {
    return [];
  }
}
