import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyFormat, ApiKeyHasher } from '@sieve/tenancy';
import type { ServiceBuild } from '@sieve/testing';
import type { PhaseResult } from './phase-measurement.ts';
import { SieveContender } from './sieve-contender.ts';

export interface ResponseCacheResult {
  corpus: string;
  texts: number;
  distinctTexts: number;
  cacheOn: PhaseResult;
  /** The same texts for a tenant with disable_response_cache: true. */
  cacheOff: PhaseResult;
  hitRatio: number;
  speedup: number;
}

/**
 * The response cache on real repeats: the SMS corpus in file order, one text per call, through one cluster with two
 * tenants, one of them opted out (disable_response_cache), so that the only difference is the cache.
 */
export async function runResponseCache(options: {
  modelDir: string;
  texts: readonly string[];
  tokenCounts: readonly number[];
  corpus: string;
  workerEnv: Record<string, string>;
  concurrency: number;
  build: ServiceBuild;
}): Promise<ResponseCacheResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sieve-bench-cache-'));
  const on = ApiKeyFormat.generate().key;
  const off = ApiKeyFormat.generate().key;
  const tenants = join(dir, 'tenants.yaml');
  writeFileSync(
    tenants,
    `tenants:
  - id: cache-on
    api_keys: [{ hash: "${ApiKeyHasher.hash(on)}" }]
  - id: cache-off
    disable_response_cache: true
    api_keys: [{ hash: "${ApiKeyHasher.hash(off)}" }]
`,
  );
  const contender = await SieveContender.start({
    modelDir: options.modelDir,
    build: options.build,
    workerEnv: options.workerEnv,
    gatewayEnv: { SIEVE_TENANTS_FILE: tenants, SIEVE_RESPONSE_CACHE_TTL_MS: '600000' },
    metadata: { authorization: `Bearer ${off}` },
  });
  try {
    const spec = (key: string) => ({
      texts: options.texts,
      tokenCounts: options.tokenCounts,
      calls: options.texts.length,
      textsPerCall: 1,
      mode: 'unary' as const,
      concurrency: options.concurrency,
      metadata: { authorization: `Bearer ${key}` },
    });
    const cacheOff = await contender.measure('cache off (tenant opted out)', spec(off));
    const cacheOn = await contender.measure('cache on', spec(on));
    return {
      corpus: options.corpus,
      texts: options.texts.length,
      distinctTexts: new Set(options.texts).size,
      cacheOn,
      cacheOff,
      hitRatio: +(cacheOn.cachedTexts / Math.max(1, cacheOn.texts)).toFixed(3),
      speedup: +(cacheOn.textsPerSecond / Math.max(0.01, cacheOff.textsPerSecond)).toFixed(2),
    };
  } finally {
    await contender.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
