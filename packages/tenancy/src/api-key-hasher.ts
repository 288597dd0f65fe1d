// The module object (not named imports) so that tests can observe that verification goes through timingSafeEqual.
import crypto from 'node:crypto';

/**
 * Hashes API keys for storage and verifies presented keys against stored hashes.
 *
 * Why plain SHA-256 and not bcrypt/argon2 or an HMAC pepper: every key sieve issues carries 256 random bits, so a
 * stolen hash cannot be reversed by guessing however fast the hash is; a slow hash would only add latency to every
 * request, and a pepper would add a second secret to deploy while protecting nothing extra for high-entropy keys.
 * SHA-256 also lets operators write file keys by hand: `printf %s "$KEY" | sha256sum`. Operator-chosen keys for the
 * tenants file must therefore be random too (at least 32 characters are enforced).
 *
 * The hash covers the whole key string (`sk-sieve-<id>-<secret>`), so a stored hash binds its id to its secret.
 */
export class ApiKeyHasher {
  static readonly PREFIX = 'sha256:';
  static readonly PATTERN = /^sha256:[0-9a-f]{64}$/;

  static hash(key: string): string {
    return ApiKeyHasher.PREFIX + crypto.createHash('sha256').update(key, 'utf8').digest('hex');
  }

  /**
   * Constant-time comparison of a presented key with a stored hash: the time taken does not depend on how many
   * leading bytes match, so a caller cannot learn the stored hash byte by byte.
   */
  static verify(key: string, storedHash: string): boolean {
    if (!ApiKeyHasher.PATTERN.test(storedHash)) return false;
    const presented = crypto.createHash('sha256').update(key, 'utf8').digest();
    const stored = Buffer.from(storedHash.slice(ApiKeyHasher.PREFIX.length), 'hex');
    return presented.length === stored.length && crypto.timingSafeEqual(presented, stored);
  }
}
