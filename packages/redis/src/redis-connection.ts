import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** A standalone or cluster connection: every command sieve sends works on both. */
export type RedisClient = Redis | Cluster;

export interface RedisSettings {
  /** redis://[user:password@]host:port[/db], or rediss:// for TLS. With `cluster`, one seed node of the cluster. */
  url: string;
  /** PEM CA for rediss:// with a private CA. */
  tlsCa?: string;
  /** Redis Cluster: discover the other nodes from the seed in `url`. */
  cluster?: boolean;
}

/**
 * A Redis connection for BullMQ and our own keys. `maxRetriesPerRequest: null` is what BullMQ workers require
 * (blocking commands must wait through reconnects); ACL user/password and TLS come from the URL. On Redis Cluster
 * every key sieve writes carries the prefix's {hash-tag}, so multi-key scripts and transactions stay in one slot.
 */
export function redisConnection(settings: RedisSettings, overrides: RedisOptions = {}): RedisClient {
  const url = new URL(settings.url);
  const tls = url.protocol === 'rediss:' ? { ...(settings.tlsCa ? { ca: settings.tlsCa } : {}) } : undefined;
  const options: RedisOptions = {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    ...(tls ? { tls } : {}),
    ...overrides,
  };
  if (!settings.cluster) return new Redis(settings.url, options);
  return new Cluster([{ host: url.hostname, port: Number(url.port || 6379) }], {
    redisOptions: {
      ...options,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    },
    ...(tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
    enableReadyCheck: true,
  });
}
