import { Redis, type RedisOptions } from 'ioredis';

export interface RedisSettings {
  /** redis://[user:password@]host:port[/db] or rediss:// for TLS. */
  url: string;
  /** PEM CA for rediss:// with a private CA. */
  tlsCa?: string;
}

/**
 * A Redis connection for BullMQ and our own keys. `maxRetriesPerRequest: null` is what BullMQ workers require
 * (blocking commands must wait through reconnects); ACL user/password and TLS come from the URL.
 */
export function redisConnection(settings: RedisSettings, overrides: RedisOptions = {}): Redis {
  const url = new URL(settings.url);
  const tls = url.protocol === 'rediss:' ? { ...(settings.tlsCa ? { ca: settings.tlsCa } : {}) } : undefined;
  return new Redis(settings.url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    ...(tls ? { tls } : {}),
    ...overrides,
  });
}
