import { createHmac, randomBytes } from 'node:crypto';

/** Shortest secret accepted: 32 bytes, what HMAC-SHA256's security rests on. */
export const MIN_SECRET_BYTES = 32;

/**
 * HMAC-SHA256 under a secret, as base64url: what sieve stores in Redis in place of caller data it must look up
 * again (a text's cache key, a request's fingerprint). A plain hash would let anyone who can read Redis or a backup
 * confirm a guessed text by hashing it; without the secret they cannot. Parts are joined with NUL separators and
 * length prefixes, so ("ab", "c") and ("a", "bc") never collide.
 */
export class KeyedDigest {
  private readonly secret: Buffer;

  constructor(secret: string | Buffer) {
    const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new Error(
        `a keyed digest needs a secret of at least ${MIN_SECRET_BYTES} bytes, got ${bytes.length}`,
      );
    }
    this.secret = Buffer.from(bytes);
  }

  /** A secret of this process alone: digests are then neither shared with other processes nor kept across restarts. */
  static ephemeral(): KeyedDigest {
    return new KeyedDigest(randomBytes(MIN_SECRET_BYTES));
  }

  of(...parts: ReadonlyArray<string | number>): string {
    const hmac = createHmac('sha256', this.secret);
    for (const part of parts) {
      const text = String(part);
      hmac
        .update(`${Buffer.byteLength(text, 'utf8')}\0`)
        .update(text)
        .update('\0');
    }
    return hmac.digest('base64url');
  }
}
