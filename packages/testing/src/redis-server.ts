import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RedisSecurity {
  /** ACL user that owns everything; the default user is switched off. */
  acl?: { user: string; password: string };
  /** TLS only (no plain port); PEM files. */
  tls?: { certFile: string; keyFile: string; caFile: string };
}

/**
 * A throwaway `redis-server` on a free loopback port, so that tests never touch (or flush) a shared Redis and can
 * kill and restart their own.
 */
export class RedisServerFixture {
  readonly port: number;
  readonly dir: string;
  private process?: ChildProcess;
  private readonly security: RedisSecurity;

  private constructor(port: number, dir: string, security: RedisSecurity) {
    this.port = port;
    this.dir = dir;
    this.security = security;
  }

  /** The redis-server process (benchmarks read its CPU time and memory from /proc). */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  get url(): string {
    const auth = this.security.acl ? `${this.security.acl.user}:${this.security.acl.password}@` : '';
    return `${this.security.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${this.port}`;
  }

  static async start(extraArgs: string[] = [], security: RedisSecurity = {}): Promise<RedisServerFixture> {
    const fixture = new RedisServerFixture(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'sieve-redis-')),
      security,
    );
    await fixture.launch(extraArgs);
    return fixture;
  }

  async launch(extraArgs: string[] = []): Promise<void> {
    const { acl, tls } = this.security;
    const portArgs = tls
      ? [
          '--port',
          '0',
          '--tls-port',
          String(this.port),
          '--tls-cert-file',
          tls.certFile,
          '--tls-key-file',
          tls.keyFile,
        ].concat(['--tls-ca-cert-file', tls.caFile, '--tls-auth-clients', 'no'])
      : ['--port', String(this.port)];
    const aclArgs = acl
      ? ['--user', 'default', 'off', '--user', acl.user, 'on', `>${acl.password}`, '~*', '&*', '+@all']
      : [];
    const child = spawn(
      'redis-server',
      [
        ...portArgs,
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
        ...aclArgs,
        ...extraArgs,
      ],
      { stdio: 'ignore' },
    );
    child.on('error', () => undefined);
    this.process = child;
    const until = Date.now() + 10_000;
    for (;;) {
      const client = new Redis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        ...(tls ? { tls: { ca: readFileSync(tls.caFile, 'utf8') } } : {}),
      });
      client.on('error', () => undefined); // connection refused while the server starts is expected
      try {
        await client.connect();
        await client.ping();
        client.disconnect();
        return;
      } catch (error) {
        client.disconnect();
        if (Date.now() > until || child.exitCode !== null) {
          throw new Error(
            `redis-server did not start on port ${this.port} (is redis-server installed?): ${String(error)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
