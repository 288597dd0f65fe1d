import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { WORKER_PROCESS_ENV } from '@sieve/config';
import { readManifest } from '@sieve/hub';
import { CliError } from '../cli-error.ts';
import { untilServing } from '../cluster-readiness.ts';
import { defaultDataDir } from '../data-dir.ts';
import { startAdminToken } from '../local-admin-token.ts';
import { metricsAddressesOf, type MetricsAddresses } from '../metrics-addresses.ts';
import {
  DEFAULT_STORE_MODEL,
  isSynthetic,
  listStoredVersions,
  modelStoreDir,
  STORE_NAME,
} from '../model-store.ts';
import { positiveInteger } from '../option-parsers.ts';
import { PrivateRedis } from '../private-redis.ts';
import { newestCompleteVersion } from '../store-version-choice.ts';
import { SupervisedWorker } from '../supervised-worker.ts';
import { userPath } from '../user-path.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
/** This module runs from packages/cli/dist/ when the CLI runs compiled: the services then run compiled too. */
const runningCompiled = fileURLToPath(import.meta.url).includes(`${sep}dist${sep}`);

interface StartOptions {
  model?: string;
  modelDir?: string;
  modelName?: string;
  workers: number;
  address: string;
  metrics?: string;
  httpAddress?: string;
  dataDir?: string;
}

/** The gRPC address `pnpm start` listens on unless told otherwise, and the HTTP/JSON one beside it. */
const DEFAULT_GRPC_ADDRESS = '127.0.0.1:50051';
const DEFAULT_HTTP_ADDRESS = '127.0.0.1:8080';

/**
 * Where the gateway serves HTTP/JSON: --http-address, else $SIEVE_HTTP_ADDRESS, else 127.0.0.1:8080 beside the
 * default gRPC address; "off" for none. A cluster on an --address of its own gets HTTP only when asked: two clusters
 * on one machine (tests, a second checkout) would otherwise both claim 8080.
 */
function httpAddressOf(options: StartOptions): string | undefined {
  const chosen =
    options.httpAddress ??
    process.env.SIEVE_HTTP_ADDRESS ??
    (options.address === DEFAULT_GRPC_ADDRESS ? DEFAULT_HTTP_ADDRESS : undefined);
  return chosen === 'off' ? undefined : chosen;
}

interface ServedModel {
  dir: string;
  name: string;
  version?: string;
  synthetic: boolean;
}

/**
 * `pnpm start`: a working cluster on one machine — Redis (REDIS_URL, or a private redis-server it starts and stops),
 * N supervised workers and a gateway as separate processes, exactly the topology a deployment runs.
 */
export function startCommand(): Command {
  return new Command('start')
    .description(
      'run a cluster on this machine: Redis (REDIS_URL or a private redis-server), worker(s), gateway. ' +
        `Serves the newest complete version of "${DEFAULT_STORE_MODEL}" in the model store (${modelStoreDir()}) ` +
        'under that name, unless told otherwise',
    )
    .option('--model <name>', 'serve the newest complete version of this name in the model store')
    .option(
      '--model-dir <dir>',
      'serve this model directory instead of the store (default: $SIEVE_MODEL_DIR when set)',
    )
    .option(
      '--model-name <name>',
      "name clients use for --model-dir (default: its manifest's name, else the directory name)",
    )
    .option('--workers <n>', 'worker processes (one that crashes is restarted)', positiveInteger, 1)
    .option(
      '--address <host:port>',
      'gateway listen address',
      process.env.SIEVE_GRPC_ADDRESS ?? DEFAULT_GRPC_ADDRESS,
    )
    .option(
      '--http-address <host:port>',
      `HTTP/JSON and TEI routes ("off": none; default: $SIEVE_HTTP_ADDRESS, else ${DEFAULT_HTTP_ADDRESS} beside the default --address)`,
    )
    .option(
      '--metrics <host:port>',
      'Prometheus /metrics: the gateway on PORT, worker i on PORT+i (default: $SIEVE_METRICS_ADDRESS; unset: none)',
    )
    .option(
      '--data-dir <dir>',
      `where the admin token and the private Redis's data (tenants, keys, heads, batches) are kept (default: ${defaultDataDir()})`,
    )
    .action(runCluster);
}

async function runCluster(options: StartOptions): Promise<void> {
  const startedAt = Date.now();
  // Everything that can be refused is checked before any process starts.
  const dataDir = options.dataDir ? userPath(options.dataDir) : defaultDataDir();
  const metricsAddress = options.metrics ?? process.env.SIEVE_METRICS_ADDRESS;
  const httpAddress = httpAddressOf(options);
  const metrics = metricsAddress
    ? metricsAddressesOf(
        metricsAddress,
        options.workers,
        options.metrics ? '--metrics' : 'SIEVE_METRICS_ADDRESS',
      )
    : undefined;
  // A bad SIEVE_ADMIN_TOKEN is refused first; the token file is made only once the rest is known to be fine.
  const tokenFromEnv = process.env.SIEVE_ADMIN_TOKEN !== undefined ? startAdminToken(dataDir) : undefined;
  const model = await chooseModel(options);
  const adminToken = tokenFromEnv ?? startAdminToken(dataDir);

  const workers: SupervisedWorker[] = [];
  const gateways: ChildProcess[] = [];
  let privateRedis: Promise<PrivateRedis> | undefined;
  const say = (line: string) => console.error(`sieve: ${line}`);
  let shuttingDown = false;
  // In the order work flows back: the gateway stops taking calls and answers those in flight, the workers finish
  // the jobs they hold, and Redis goes last, since both need it until then (all at once, the calls in flight
  // lost their answers and the services waited on a Redis that was gone).
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    await stopProcesses(gateways);
    await Promise.all(workers.map((worker) => worker.stop()));
    // A Redis still loading its file when Ctrl-C came is stopped once it answers, not left running.
    await (await privateRedis?.catch(() => undefined))?.stop();
    process.exit(code);
  };
  // SIGHUP too: the services are in process groups of their own, so a closed terminal reaches only this one.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));

  if (adminToken.origin === 'environment') say('admin token from SIEVE_ADMIN_TOKEN (Admin API on)');
  else
    say(
      `admin token ${adminToken.origin === 'file-created' ? 'created in' : 'read from'} ${adminToken.file} ` +
        '(Admin API on; the tenants and keys commands read it from there)',
    );
  // The user's own Redis if they named one; REDIS_URL stays out of the services' environment otherwise.
  const {
    SIEVE_METRICS_ADDRESS: _metrics,
    SIEVE_HTTP_ADDRESS: _http,
    REDIS_URL: ownRedis,
    ...inherited
  } = process.env;
  let redisUrl = ownRedis;
  if (!redisUrl) {
    privateRedis = PrivateRedis.start(dataDir);
    const redis = await privateRedis;
    redis.onUnexpectedExit((code, signal) => {
      say(
        `the private redis-server exited (${signal ?? code}); its log is ${redis.dir}/redis.log; stopping the cluster`,
      );
      void shutdown(1);
    });
    redisUrl = redis.url;
    say(
      `started a private redis-server at ${redisUrl}, keeping its data in ${redis.dir} ` +
        '(append-only file, fsync every second; --data-dir to keep it elsewhere, REDIS_URL to use your own Redis)',
    );
  } else if (options.dataDir) {
    say('REDIS_URL is set, so no private Redis is started; --data-dir holds only the admin token');
  }
  if (shuttingDown) return;
  const env = { ...inherited, REDIS_URL: redisUrl };

  const workersLeft = () => workers.filter((worker) => worker.alive).length;
  for (let i = 0; i < options.workers; i++) {
    const tag = `worker ${i + 1}`;
    const worker = new SupervisedWorker({
      tag,
      spawn: () =>
        launch(
          'worker',
          {
            ...WORKER_PROCESS_ENV,
            ...env,
            SIEVE_MODEL_DIR: model.dir,
            SIEVE_MODEL_NAME: model.name,
            ...(model.version ? { SIEVE_MODEL_VERSION: model.version } : {}),
            ...(metrics ? { SIEVE_METRICS_ADDRESS: metrics.workers[i]! } : {}),
          },
          'pipe',
        ),
      say,
      onStartFailed: (reason) => {
        say(`${reason}; stopping the cluster`);
        void shutdown(1);
      },
      onGivenUp: () => {
        const left = workersLeft();
        if (left > 0) say(`the cluster keeps serving with ${left} of ${options.workers} worker(s)`);
        else {
          say('no worker is left; stopping the cluster');
          void shutdown(1);
        }
      },
    });
    workers.push(worker);
    worker.start();
  }
  // Keyless calls (the Quickstart's) beside the Admin API's tenants, on a loopback address only, as the gateway
  // requires; the user's own choice wins.
  const keyless = process.env.SIEVE_ALLOW_KEYLESS ?? (isLoopback(options.address) ? 'true' : 'false');
  const gateway = launch(
    'gateway',
    {
      ...env,
      SIEVE_GRPC_ADDRESS: options.address,
      SIEVE_ADMIN_TOKEN: adminToken.token,
      SIEVE_ALLOW_KEYLESS: keyless,
      ...(metrics ? { SIEVE_METRICS_ADDRESS: metrics.gateway } : {}),
      ...(httpAddress ? { SIEVE_HTTP_ADDRESS: httpAddress } : {}),
    },
    'inherit',
  );
  gateway.once('exit', (code, signal) => {
    if (shuttingDown) return;
    say(`the gateway exited (${signal ?? code}); stopping the cluster`);
    void shutdown(1);
  });
  gateways.push(gateway);

  say(
    `serving "${model.name}"${model.version ? ` version ${model.version}` : ''} from ${model.dir} on ` +
      `${options.address} with ${options.workers} worker(s) (Ctrl-C stops everything)`,
  );
  if (model.synthetic)
    say(
      'synthetic model: random weights, answers mean nothing ("I love this" may come back negative); ' +
        '`pnpm exec sieve models pull` fetches the real one',
    );
  if (metrics) say(metricsLine(metrics));
  if (httpAddress)
    say(`HTTP/JSON and TEI routes on http://${httpAddress} (the routes: http://${httpAddress}/openapi.json)`);
  say(
    keyless === 'true'
      ? 'calls without an API key are served as tenant "default"; keys made with `pnpm exec sieve keys create` are checked'
      : 'every call needs an API key (`pnpm exec sieve tenants create` and `keys create`)',
  );
  // The probe speaks plaintext; a gateway the user gave TLS files to is not probed.
  if (process.env.SIEVE_TLS_CERT_FILE)
    say('the gateway serves TLS: no readiness probe, watch its "gateway listening" line');
  else if (await untilServing(options.address, model.name, () => shuttingDown))
    say(
      `ready: "${model.name}" answers on ${options.address} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
    );
  await new Promise(() => undefined);
}

function isLoopback(address: string): boolean {
  const host = address.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function metricsLine(metrics: MetricsAddresses): string {
  const workers = metrics.workers.map((address, i) => `worker ${i + 1} http://${address}/metrics`);
  return `metrics: gateway http://${metrics.gateway}/metrics, ${workers.join(', ')}`;
}

/** A service as a process of its own group: compiled JavaScript when this CLI runs compiled, else through tsx. */
function launch(
  service: 'worker' | 'gateway',
  env: NodeJS.ProcessEnv,
  stdout: 'pipe' | 'inherit',
): ChildProcess {
  const compiledMain = join(repoRoot, 'services', service, 'dist', 'main.js');
  const args =
    runningCompiled && existsSync(compiledMain)
      ? ['--conditions=compiled', compiledMain]
      : ['--import', 'tsx', join(repoRoot, 'services', service, 'src', 'main.ts')];
  return spawn(process.execPath, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', stdout, 'inherit'],
    detached: true,
  });
}

async function stopProcesses(children: ChildProcess[]): Promise<void> {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGTERM');
  await Promise.all(exited);
}

async function chooseModel(options: StartOptions): Promise<ServedModel> {
  const explicitDir = options.modelDir ?? (options.model ? undefined : process.env.SIEVE_MODEL_DIR);
  if (options.model && options.modelDir)
    throw new CliError('--model names a model in the store and --model-dir a directory: give one', 2);
  if (explicitDir) {
    const dir = userPath(explicitDir);
    if (!existsSync(dir)) throw new CliError(`model directory ${dir} does not exist`, 2);
    const manifest = await readManifest(dir).catch(() => undefined);
    return {
      dir,
      name: options.modelName ?? process.env.SIEVE_MODEL_NAME ?? manifest?.name ?? basename(dir),
      ...(manifest ? { version: manifest.version } : {}),
      synthetic: await isSynthetic(dir),
    };
  }
  if (options.modelName)
    throw new CliError('--model-name goes with --model-dir; a store model is served under its own name', 2);
  const name = options.model ?? DEFAULT_STORE_MODEL;
  if (!STORE_NAME.test(name))
    throw new CliError(`--model ${JSON.stringify(name)}: a model name is letters, digits, . _ - only`, 2);
  const store = modelStoreDir();
  const chosen = newestCompleteVersion(await listStoredVersions(store, name));
  if (!chosen) {
    const named = name === DEFAULT_STORE_MODEL ? '' : ` --name ${name}`;
    throw new CliError(
      `no complete version of "${name}" in the model store ${join(store, name)} ` +
        '(interrupted or manifest-less folders are never served). Make one:\n' +
        `  pnpm exec sieve models synth --preset tiny${named}    (random weights, for trying sieve out)\n` +
        (name === DEFAULT_STORE_MODEL
          ? '  pnpm exec sieve models pull                   (the real multilingual sentiment model, ~540 MB)\n'
          : '') +
        'or serve a directory: pnpm start --model-dir DIR',
    );
  }
  return { dir: chosen.dir, name, version: chosen.version, synthetic: chosen.synthetic };
}
