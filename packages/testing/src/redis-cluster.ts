import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './redis-server.ts';

const execFileAsync = promisify(execFile);

/** A node's redis-server exited while the cluster was being made (most often: its port was taken meanwhile). */
class NodeExitedError extends Error {
  constructor(port: number) {
    super(`redis-server on port ${port} exited before the cluster came up (port taken?)`);
    this.name = 'NodeExitedError';
  }
}

/**
 * A three-master Redis Cluster on loopback (no replicas), created with `redis-cli --cluster create`, for proving
 * that queue names and keys stay within one slot. `url` names one seed node.
 */
export class RedisClusterFixture {
  readonly ports: number[];
  readonly dir: string;
  private readonly processes: ChildProcess[] = [];

  private constructor(ports: number[], dir: string) {
    this.ports = ports;
    this.dir = dir;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.ports[0]}`;
  }

  /**
   * A free port can be taken by another test's process between being chosen and redis-server binding it; a node that
   * could not bind exits, and the cluster is made again on other ports.
   */
  static async start(nodes = 3, attempts = 3): Promise<RedisClusterFixture> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await RedisClusterFixture.startOnce(nodes);
      } catch (error) {
        if (!(error instanceof NodeExitedError) || attempt >= attempts) throw error;
      }
    }
  }

  private static async startOnce(nodes: number): Promise<RedisClusterFixture> {
    const ports: number[] = [];
    while (ports.length < nodes) {
      const port = await freePort();
      // The cluster bus listens on port + 10000; keep both in range and distinct.
      if (port < 55_000 && !ports.includes(port)) ports.push(port);
    }
    const fixture = new RedisClusterFixture(ports, mkdtempSync(join(tmpdir(), 'sieve-redis-cluster-')));
    try {
      for (const port of ports) {
        const child = spawn(
          'redis-server',
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            `nodes-${port}.conf`,
          ].concat(['--save', '', '--appendonly', 'no', '--dir', fixture.dir]),
          { stdio: 'ignore' },
        );
        child.on('error', () => undefined);
        fixture.processes.push(child);
      }
      await fixture.waitFor(async () => {
        const exited = fixture.processes.findIndex((child) => child.exitCode !== null);
        if (exited >= 0) throw new NodeExitedError(ports[exited]!);
        for (const port of ports) await execFileAsync('redis-cli', ['-p', String(port), 'ping']);
      });
      await execFileAsync('redis-cli', [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ]);
      await fixture.waitFor(async () => {
        for (const port of ports) {
          const { stdout } = await execFileAsync('redis-cli', ['-p', String(port), 'cluster', 'info']);
          if (!stdout.includes('cluster_state:ok')) throw new Error(`node ${port}: ${stdout.split('\n')[0]}`);
        }
      });
    } catch (error) {
      await fixture.close();
      throw error;
    }
    return fixture;
  }

  private async waitFor(check: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        await check();
        return;
      } catch (error) {
        if (error instanceof NodeExitedError) throw error;
        if (Date.now() > until) throw new Error(`Redis Cluster did not come up: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      this.processes.map((child) =>
        child.exitCode === null
          ? new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGKILL')))
          : undefined,
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}
