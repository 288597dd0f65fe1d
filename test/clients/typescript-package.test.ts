// The published form of @sieve/client: `pnpm pack` of @sieve/api and @sieve/client, both tarballs installed with npm
// into an empty project (their registry dependencies from the npm cache or registry), a plain Node ESM script there
// classifying against a running cluster (no tsx, no workspace links, no ../../../proto), and tsc checking a
// TypeScript file against the installed declarations.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SieveCluster, tinyModelDir } from '@sieve/testing';

const root = new URL('../..', import.meta.url).pathname;

const CLASSIFY_SCRIPT = `import { SieveClient } from '@sieve/client';
const client = new SieveClient(process.argv[2], { model: 'tiny' });
const response = await client.classify(['a packed client']);
const models = await client.listModels();
console.log(JSON.stringify({ label: response.results[0].labels[0].label, models: models.map((m) => m.name) }));
client.close();
`;

const CHECKED_TS = `import { SieveClient, SieveClientError, type ClassifyResponse } from '@sieve/client';
const client = new SieveClient(['127.0.0.1:50051', '127.0.0.1:50052'], { model: 'tiny', deadlineMs: 5000 });
export async function best(texts: string[]): Promise<string> {
  const response: ClassifyResponse = await client.classify(texts, { deadlineMs: 1000 });
  // @ts-expect-error the declarations are real types, not any: model is a string
  const wrong: number = response.model;
  void wrong;
  return response.results[0]?.labels[0]?.label ?? '';
}
export const isQuota = (error: unknown) => error instanceof SieveClientError && error.code === 8;
`;

describe('@sieve/client packed and installed in an empty project', { timeout: 300_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  let project: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-client-pack-'));
    const packs = join(dir, 'packs');
    for (const name of ['api', 'client']) {
      execFileSync('pnpm', ['pack', '--pack-destination', packs], {
        cwd: join(root, 'packages', name),
        stdio: 'pipe',
      });
    }
    project = join(dir, 'project');
    execFileSync('mkdir', [project]);
    writeFileSync(
      join(project, 'package.json'),
      '{ "name": "scratch", "private": true, "type": "module" }\n',
    );
    const tarballs = readdirSync(packs).map((file) => join(packs, file));
    assert.equal(tarballs.length, 2, tarballs.join(' '));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], {
      cwd: project,
      stdio: 'pipe',
    });
    cluster = await SieveCluster.start({ modelDir: await tinyModelDir() });
    // A gateway serves a model once it has seen a worker announce it.
    for (let i = 0; ; i++) {
      const served = await cluster.classify({ model: 'tiny', texts: ['warm'] }).then(
        () => true,
        (error: unknown) => (i < 120 ? false : Promise.reject(error)),
      );
      if (served) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  after(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs a plain ESM script that classifies and lists models', () => {
    writeFileSync(join(project, 'classify.mjs'), CLASSIFY_SCRIPT);
    const output = execFileSync(process.execPath, ['classify.mjs', cluster.gateways[0]!.address], {
      cwd: project,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' }, // no tsx loader inherited from the test runner
    });
    const result = JSON.parse(output) as { label: string; models: string[] };
    assert.ok(result.label.length > 0);
    assert.ok(result.models.includes('tiny'));
  });

  it('type-checks a TypeScript file against the installed declarations (nodenext)', () => {
    writeFileSync(join(project, 'check.ts'), CHECKED_TS);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          noEmit: true,
        },
        files: ['check.ts'],
      }),
    );
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: project,
      stdio: 'pipe',
    });
  });
});
