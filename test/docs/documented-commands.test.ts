// Every command the README and docs/ print, run exactly as printed, as a new user would run them: pages in reading
// order, each page's ```sh blocks in one bash session (docs/development.md, "Documented commands are tested"), from
// the repository root, against the cluster the Quickstart's own `pnpm start` block starts. The user's home, data and
// cache directories and npm's global prefix are in a temporary folder, so the install line installs pnpm there and
// nothing touches the real user's models, Redis data or admin token. The Hugging Face Hub is not reachable from CI:
// HF_ENDPOINT points at a stand-in that serves a tiny model under the real repository's name.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeHub, tinyModelDir, type FakeRepoFile } from '@sieve/testing';
import { documentedBlocks, type DocumentedBlock, type ShellCommand } from './documented-blocks.ts';
import { BackgroundServer } from './background-server.ts';
import { PageSession, type CommandOutcome } from './page-session.ts';

const repoRoot = new URL('../../', import.meta.url).pathname;

/** Reading order: the README, then the pages in the order its contents list them; tenancy after the pages that
 * call without a key only because nothing there depends on its tenants. */
const PAGES = [
  'README.md',
  'docs/cli.md',
  'docs/models.md',
  'docs/http.md',
  'docs/clients.md',
  'docs/batch-jobs.md',
  'docs/eval.md',
  'docs/heads.md',
  'docs/tenancy.md',
  'docs/operations.md',
  'docs/console.md',
  'docs/configuration.md',
  'docs/deployment.md',
  'docs/benchmarks.md',
  'docs/development.md',
];
/** The map of the code, kept as it is: prose and diagrams, no commands. */
const NOT_RUN = ['docs/ARCHITECTURE.md'];
/** The Quickstart's fixed ports: the gateway and, with `--metrics 127.0.0.1:9400`, gateway and worker metrics. */
const DOCUMENTED_PORTS = [50051, 9400, 9401];
const PAGE_TIMEOUT_MS = 6 * 60_000;
/** DOCS_TEST_TRANSCRIPT=FILE keeps every command with its output there, to read what a new user would see. */
const TRANSCRIPT = process.env.DOCS_TEST_TRANSCRIPT;
const SERVER_READY_MS = 3 * 60_000;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A python3 with grpcio and protobuf (what clients/python needs): the first on PATH, else Debian's. */
function pythonWithGrpc(): string | undefined {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(candidate, ['-c', 'import grpc, google.protobuf'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/** What a reader on a fresh account would have: no sieve or Hub settings of this process, and a home of its own. */
function readerEnvironment(root: string, hubEndpoint: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(SIEVE_|REDIS_|HF_|OTEL_|NODE_OPTIONS$|NODE_TEST|npm_|NPM_|PNPM_|XDG_)/.test(name)) continue;
    env[name] = value;
  }
  const dir = (name: string) => {
    const path = join(root, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const shims = dir('bin');
  const python = pythonWithGrpc();
  if (python && python !== 'python3') symlinkSync(python, join(shims, 'python3'));
  const npmPrefix = dir('npm-global');
  // npm settings of the real account (a registry mirror) would be lost with its home: carry the registry over.
  const registry = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();
  // pnpm refuses a node_modules made with another store, and the reader's home would move it: the reader's pnpm
  // configuration names the store this checkout was installed from.
  const storeDir = /"storeDir":\s*"([^"]+)"/.exec(
    readFileSync(join(repoRoot, 'node_modules/.modules.yaml'), 'utf8'),
  )?.[1];
  const configHome = dir('config');
  if (storeDir) {
    mkdirSync(join(configHome, 'pnpm'), { recursive: true });
    writeFileSync(join(configHome, 'pnpm', 'rc'), `store-dir=${storeDir}\n`);
  }
  return {
    ...env,
    HOME: dir('home'),
    XDG_DATA_HOME: dir('data'),
    XDG_CACHE_HOME: dir('cache'),
    XDG_CONFIG_HOME: configHome,
    NPM_CONFIG_PREFIX: npmPrefix,
    NPM_CONFIG_REGISTRY: registry,
    PATH: [join(npmPrefix, 'bin'), shims, process.env.PATH].join(':'),
    HF_ENDPOINT: hubEndpoint,
  };
}

/** The stand-in hub's copy of the real model: a tiny model's files, without the synthetic mark of `models synth`. */
async function standInModelFiles(): Promise<Record<string, FakeRepoFile>> {
  const tiny = await tinyModelDir();
  const config = JSON.parse(readFileSync(join(tiny, 'config.json'), 'utf8')) as Record<string, unknown>;
  delete config.sieve_synthetic;
  const files: Record<string, FakeRepoFile> = {
    'config.json': { content: Buffer.from(`${JSON.stringify(config, null, 2)}\n`), lfs: false },
  };
  for (const path of [
    'tokenizer.json',
    'tokenizer_config.json',
    'special_tokens_map.json',
    'onnx/model.onnx',
    'onnx/model_quantized.onnx',
  ]) {
    files[path] = { content: readFileSync(join(tiny, path)), lfs: path.endsWith('.onnx') };
  }
  return files;
}

function describeFailure(outcome: CommandOutcome): string {
  const { command } = outcome;
  const ran =
    outcome.status === undefined ? 'did not finish (the page timed out)' : `exited ${outcome.status}`;
  const output = outcome.output.length > 4000 ? `...${outcome.output.slice(-4000)}` : outcome.output;
  return `${command.line}: ${ran}, documented ${command.expectedExit}:\n$ ${command.text}\n${output}`;
}

describe('the commands the README and docs/ print', { timeout: 20 * 60_000 }, () => {
  let root: string;
  let hub: FakeHub;
  let env: NodeJS.ProcessEnv;
  let server: BackgroundServer | undefined;
  const skipped: string[] = [];

  before(async () => {
    const busy = [];
    for (const port of DOCUMENTED_PORTS) if (!(await portIsFree(port))) busy.push(port);
    assert.deepEqual(
      busy,
      [],
      `the documented commands use these ports, which something else holds: ${busy}`,
    );
    root = mkdtempSync(join(tmpdir(), 'sieve-docs-'));
    hub = await FakeHub.start(await standInModelFiles());
    env = readerEnvironment(root, hub.endpoint);
  });

  after(async () => {
    if (server) {
      const started = Date.now();
      const ended = await server.stop(60_000);
      console.log(`# the last documented server ended (${ended}) ${Date.now() - started} ms after SIGINT`);
    }
    await hub?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('runs every page of docs/ (a new page is added to this test)', () => {
    const pages = readdirSync(join(repoRoot, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`)
      .filter((page) => !NOT_RUN.includes(page));
    assert.deepEqual(
      pages.filter((page) => !PAGES.includes(page)),
      [],
    );
  });

  for (const page of PAGES) {
    it(page, { timeout: PAGE_TIMEOUT_MS + SERVER_READY_MS }, async () => {
      const blocks = documentedBlocks(readFileSync(join(repoRoot, page), 'utf8'), page);
      const failures: string[] = [];
      let pending: ShellCommand[] = [];
      const runPending = async () => {
        if (pending.length === 0) return;
        const session = new PageSession({
          page,
          cwd: repoRoot,
          env,
          scriptDir: root,
          timeoutMs: PAGE_TIMEOUT_MS,
        });
        const outcomes = await session.run(pending);
        pending = [];
        if (TRANSCRIPT) {
          const shown = outcomes.map(
            (o) => `$ ${o.command.text}   [${page}:${o.command.line}, exit ${o.status}]\n${o.output}`,
          );
          appendFileSync(TRANSCRIPT, `${shown.join('\n')}\n`);
        }
        const failed = outcomes.find((o) => o.status !== o.command.expectedExit);
        if (failed) failures.push(describeFailure(failed));
      };
      const handle = async (block: DocumentedBlock) => {
        const directive = block.directive;
        if (directive?.kind === 'skip') {
          skipped.push(
            `${page}:${block.line}: ${directive.reason}\n    ${block.code.replaceAll('\n', '\n    ')}`,
          );
          return;
        }
        if (directive?.kind === 'excerpt-of') {
          const source = readFileSync(join(repoRoot, directive.path), 'utf8');
          if (!source.includes(block.code)) {
            failures.push(`${block.line}: this ${block.lang} block is no longer part of ${directive.path}`);
          }
          return;
        }
        if (directive?.kind === 'server') {
          // Like the Quickstart's second terminal: what came before runs first, the server replaces any running one.
          await runPending();
          await server?.stop(60_000);
          const command = block.commands[0]!.text;
          server = BackgroundServer.start(command, { cwd: repoRoot, env });
          await server.ready(directive.address, directive.healthService, SERVER_READY_MS);
          if (TRANSCRIPT)
            appendFileSync(
              TRANSCRIPT,
              `$ ${command}   [${page}:${block.line}, in the background]\n${server.log}\n`,
            );
          return;
        }
        pending.push(...block.commands);
      };
      for (const block of blocks) {
        if (failures.length > 0) break;
        await handle(block);
      }
      if (failures.length === 0) await runPending();
      assert.deepEqual(failures, [], `${page}: a documented command did not do what the page says`);
      if (page === 'README.md') {
        // The install line installed pnpm under the reader's npm prefix, not over this machine's pnpm.
        assert.ok(
          existsSync(join(env.NPM_CONFIG_PREFIX!, 'bin', 'pnpm')),
          'npm i -g pnpm@10 did not install here',
        );
      }
    });
  }

  it('lists the blocks it did not run, each with its reason', (t) => {
    t.diagnostic(`${skipped.length} documented blocks not run:`);
    for (const entry of skipped) {
      for (const line of entry.split('\n')) t.diagnostic(line);
      assert.match(entry, /^\S+:\d+: \S/);
    }
  });
});
