import { readFileSync } from 'node:fs';
import { ConfigError, type GatewayConfig } from '@sieve/config';
import { KeyedDigest, MIN_SECRET_BYTES } from '@sieve/queue';
import type { Logger } from 'pino';

/**
 * The keyed digest of response-cache keys and request fingerprints, from SIEVE_CACHE_KEY_SECRET or the file
 * SIEVE_CACHE_KEY_SECRET_FILE names. Without either, a random key of this process: safe, but gateways then key the
 * same text differently (no shared cache entries, request_id retries recognised only by the gateway that answered
 * them) and a restart forgets everything, which the warning says.
 */
export function cacheKeyDigest(
  config: Pick<GatewayConfig, 'SIEVE_CACHE_KEY_SECRET' | 'SIEVE_CACHE_KEY_SECRET_FILE'>,
  log: Logger,
): KeyedDigest {
  const { SIEVE_CACHE_KEY_SECRET: inline, SIEVE_CACHE_KEY_SECRET_FILE: file } = config;
  if (inline !== undefined && file !== undefined) {
    throw new ConfigError(['SIEVE_CACHE_KEY_SECRET_FILE: set either it or SIEVE_CACHE_KEY_SECRET, not both']);
  }
  if (file !== undefined) {
    let secret: string;
    try {
      secret = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new ConfigError([
        `SIEVE_CACHE_KEY_SECRET_FILE: cannot read ${file}: ${(error as Error).message}`,
      ]);
    }
    if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
      throw new ConfigError([
        `SIEVE_CACHE_KEY_SECRET_FILE: ${file} holds ${Buffer.byteLength(secret)} bytes, at least ${MIN_SECRET_BYTES} are needed`,
      ]);
    }
    return new KeyedDigest(secret);
  }
  if (inline !== undefined) return new KeyedDigest(inline);
  log.warn(
    {},
    'SIEVE_CACHE_KEY_SECRET is not set: cache keys and request_id fingerprints use a random key of this process, ' +
      'so cached answers are neither shared between gateways nor kept across restarts, and a request_id retried ' +
      'through another gateway is computed again; set the same secret (32+ characters) on every gateway',
  );
  return KeyedDigest.ephemeral();
}
