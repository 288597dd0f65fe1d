import { randomBytes } from 'node:crypto';
import { AuthenticationError } from './tenancy-errors.ts';

/** The parts of a presented key: the public id (for lookup, when the key has sieve's format) and the whole key. */
export interface ParsedApiKey {
  /** Public id from an `sk-sieve-<id>-<secret>` key; undefined for an opaque operator-chosen file key. */
  keyId?: string;
  /** The whole key string, which is what is hashed. Never log or store this. */
  key: string;
}

/** A newly generated key: show `key` to the caller once, store only `hash`. */
export interface GeneratedApiKey {
  keyId: string;
  key: string;
}

/**
 * sieve's key format `sk-sieve-<keyId>-<secret>`: `keyId` is 16 lowercase base32 characters (80 random bits; public,
 * shown in listings and logs, used to find the stored hash without scanning), `secret` is 32 random bytes in
 * base64url (43 characters). The recognisable `sk-sieve-` prefix lets secret scanners spot leaked keys.
 */
export class ApiKeyFormat {
  static readonly PREFIX = 'sk-sieve-';
  static readonly KEY_ID_PATTERN = /^[a-z2-7]{16}$/;
  private static readonly KEY_PATTERN = /^sk-sieve-([a-z2-7]{16})-([A-Za-z0-9_-]{43,})$/;
  /** Opaque keys (file only) must still be long enough to carry ~192 random bits. */
  static readonly MIN_OPAQUE_LENGTH = 32;

  static generate(): GeneratedApiKey {
    const keyId = ApiKeyFormat.newKeyId();
    return { keyId, key: `${ApiKeyFormat.PREFIX}${keyId}-${randomBytes(32).toString('base64url')}` };
  }

  static newKeyId(): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
    return Array.from(randomBytes(16), (byte) => alphabet[byte & 31]).join('');
  }

  /** Splits a presented key; throws AuthenticationError('malformed') without echoing the key. */
  static parse(key: string): ParsedApiKey {
    const match = ApiKeyFormat.KEY_PATTERN.exec(key);
    if (match) return { keyId: match[1], key };
    if (key.startsWith(ApiKeyFormat.PREFIX)) {
      throw new AuthenticationError(
        'malformed',
        'API key is malformed: expected sk-sieve-<16 character id>-<secret>',
      );
    }
    if (key.length < ApiKeyFormat.MIN_OPAQUE_LENGTH || /\s/.test(key)) {
      throw new AuthenticationError(
        'malformed',
        `API key is malformed: expected sk-sieve-<id>-<secret> or an opaque key of at least ${ApiKeyFormat.MIN_OPAQUE_LENGTH} characters without spaces`,
      );
    }
    return { key };
  }
}
