import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { WORKER_PROCESS_ENV } from '@sieve/config';
import { CliError } from '../cli-error.ts';
import { defaultDataDir } from '../data-dir.ts';
import { PrivateRedis } from '../private-redis.ts';
import { positiveInteger } from '../option-parsers.ts';
import { userPath } from '../user-path.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const DEFAULT_MODEL = 'distilbert-multilingual-sentiment';

interface StartOptions {
  modelDir?: string;
  modelName?: string;
  workers: number;
  address: string;
  dataDir?: string;
}

/**
 * `pnpm start`: a working cluster on one machine — Redis (REDIS_URL, or a private redis-server it starts and stops),
 * N workers and a gateway as separate processes, exactly the topology a deployment runs.
 */
export function startCommand(): Command {
  return new Command('start')
    .description(
      'run a cluster on this machine: Redis (REDIS_URL or a private redis-server), worker(s), gateway',
    )
    .option(
      '--model-dir <dir>',
      'model directory to serve (default: $SIEVE_MODEL_DIR, else the pulled default model)',
    )
    .option('--model-name <name>', 'name clients use (default: the directory name)')
    .option('--workers <n>', 'worker processes', positiveInteger, 1)
    .option(
      '--address <host:port>',
      'gateway listen address',
      process.env.SIEVE_GRPC_ADDRESS ?? '127.0.0.1:50051',
    )
    .option(
      '--data-dir <dir>',
      `where the private Redis keeps tenants, keys, heads and batches across restarts (default: ${defaultDataDir()})`,
    )
    .action(async (options: StartOptions) => {
      const model = findModel(options);
      const processes: Record<'worker' | 'gateway', ChildProcess[]> = {
        worker: [],
        gateway: [],
      };
      let privateRedis: Promise<PrivateRedis> | undefined;
      let redisUrl = process.env.REDIS_URL;
      const stop = async (children: ChildProcess[]) => {
        const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
        const exited = running.map((child) => new Promise((r) => child.once('exit', r)));
        for (const child of running) child.kill('SIGTERM');
        await Promise.all(exited);
      };
      // In the order work flows back: the gateway stops taking calls and answers those in flight, the workers finish
      // the jobs they hold, and Redis goes last, since both need it until then (all at once, the calls in flight
      // lost their answers and the services waited on a Redis that was gone).
      const stopAll = async () => {
        await stop(processes.gateway);
        await stop(processes.worker);
        // A Redis still loading its file when Ctrl-C came is stopped once it answers, not left running.
        await (await privateRedis?.catch(() => undefined))?.stop();
      };
      let shuttingDown = false;
      const shutdown = async (code: number) => {
        if (shuttingDown) return;
        shuttingDown = true;
        await stopAll();
        process.exit(code);
      };
      // SIGHUP too: the services are in process groups of their own, so a closed terminal reaches only this one.
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
        process.on(signal, () => void shutdown(0));
      if (!redisUrl) {
        const dataDir = options.dataDir ? userPath(options.dataDir) : defaultDataDir();
        privateRedis = PrivateRedis.start(dataDir);
        const redis = await privateRedis;
        redis.onUnexpectedExit((code, signal) => {
          console.error(
            `sieve: the private redis-server exited (${signal ?? code}); its log is ${redis.dir}/redis.log; stopping the cluster`,
          );
          void shutdown(1);
        });
        redisUrl = redis.url;
        console.error(
          `sieve: started a private redis-server at ${redisUrl}, keeping its data in ${redis.dir} ` +
            '(append-only file, fsync every second; --data-dir to keep it elsewhere, REDIS_URL to use your own Redis)',
        );
      } else if (options.dataDir) {
        console.error('sieve: REDIS_URL is set, so no private Redis is started and --data-dir is not used');
      }
      if (shuttingDown) return;
      const env = { ...process.env, REDIS_URL: redisUrl };
      const launch = (service: 'worker' | 'gateway', extra: Record<string, string>, tag: string) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', join(repoRoot, `services/${service}/src/main.ts`)],
          {
            cwd: repoRoot,
            env: { ...(service === 'worker' ? WORKER_PROCESS_ENV : {}), ...env, ...extra },
            stdio: ['ignore', 'inherit', 'inherit'],
            detached: true,
          },
        );
        child.once('exit', (code, signal) => {
          if (!shuttingDown) {
            console.error(`sieve: ${tag} exited (${signal ?? code}); stopping the cluster`);
            void shutdown(1);
          }
        });
        processes[service].push(child);
      };
      for (let i = 0; i < options.workers; i++) {
        launch('worker', { SIEVE_MODEL_DIR: model.dir, SIEVE_MODEL_NAME: model.name }, `worker ${i + 1}`);
      }
      launch('gateway', { SIEVE_GRPC_ADDRESS: options.address }, 'gateway');
      console.error(
        `sieve: serving "${model.name}" from ${model.dir} on ${options.address} with ${options.workers} worker(s). ` +
          `Try: pnpm sieve classify --model ${model.name} "I love this"   (Ctrl-C stops everything)`,
      );
      await new Promise(() => undefined);
    });
}

function findModel(options: StartOptions): { dir: string; name: string } {
  const explicit = options.modelDir ?? process.env.SIEVE_MODEL_DIR;
  if (explicit) {
    const dir = userPath(explicit);
    if (!existsSync(dir)) throw new CliError(`model directory ${dir} does not exist`);
    return { dir, name: options.modelName ?? process.env.SIEVE_MODEL_NAME ?? basename(dir) };
  }
  const store = resolve(process.env.SIEVE_MODELS_DIR ?? join(repoRoot, 'models'));
  const pulled = join(store, DEFAULT_MODEL);
  const versions = existsSync(pulled)
    ? readdirSync(pulled)
        .filter((v) => existsSync(join(pulled, v, 'config.json')))
        .sort()
    : [];
  if (versions.length > 0)
    return { dir: join(pulled, versions.at(-1)!), name: options.modelName ?? DEFAULT_MODEL };
  throw new CliError(
    `no model to serve: ${pulled} is empty. Pull the default model with \`pnpm sieve models pull\` (needs the Hugging Face Hub), ` +
      'or serve a directory: `pnpm sieve models synth --preset distilbert-multilingual --out models/synthetic && pnpm start --model-dir models/synthetic`',
  );
}
