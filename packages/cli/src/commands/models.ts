import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Command, Option } from 'commander';
import { recordModelDirectory } from '@sieve/hub';
import { synthesizeModel, type SynthPreset } from '@sieve/synth';
import { CliError } from '../cli-error.ts';
import { DEFAULT_STORE_MODEL, listStoredVersions, modelStoreDir, STORE_NAME } from '../model-store.ts';
import { nonNegativeInteger } from '../option-parsers.ts';
import { StepProgress } from '../step-progress.ts';
import { newestCompleteVersion, nextSynthVersion, type StoredVersion } from '../store-version-choice.ts';
import { userPath } from '../user-path.ts';
import { modelsCheckReferenceCommand } from './models-check-reference.ts';
import { modelsPullCommand } from './models-pull.ts';
import { modelsQuantizeCommand } from './models-quantize.ts';

interface SynthCommandOptions {
  preset: SynthPreset;
  name: string;
  out?: string;
  int8: boolean;
  fp16: boolean;
  seed: number;
  tokenizer?: string;
  progress: boolean;
}

export function modelsCommand(): Command {
  const models = new Command('models').description(
    `create, fetch and list models in the model store (${modelStoreDir()}; $SIEVE_MODEL_STORE to move it)`,
  );
  models
    .command('synth')
    .description(
      'write a synthetic DistilBertForSequenceClassification model (Hugging Face ONNX export layout) with ' +
        "deterministic RANDOM weights, whose answers mean nothing: `tiny` for tests, `distilbert-multilingual` with the real model's exact shape and cost. " +
        'Writes <store>/<name>/<next version>/ (manifest.json last, so `pnpm start` never serves half of one) and prints its path',
    )
    .addOption(
      new Option('--preset <preset>', 'model shape')
        .choices(['tiny', 'small', 'distilbert-multilingual'])
        .makeOptionMandatory(),
    )
    .option('--name <name>', 'model name in the store', DEFAULT_STORE_MODEL)
    .option('--out <dir>', 'write this directory instead of a new version in the store')
    .option(
      '--int8',
      'also write onnx/model_int8_static.onnx (int8, activation scales calibrated on random tokens: batch-invariant) ' +
        'and onnx/model_quantized.onnx (dynamically quantised like Hugging Face exports)',
      false,
    )
    .option('--fp16', 'also write onnx/model_fp16.onnx, float16 weights for GPU workers', false)
    .option('--seed <n>', 'weight seed; the same seed writes the same bytes', nonNegativeInteger, 42)
    .option(
      '--tokenizer <file>',
      'tokenizer.json for distilbert-multilingual (default: found in the shared data dir or the HF cache)',
    )
    .option('--no-progress', 'no progress on stderr')
    .action(synthAction);
  models.addCommand(modelsPullCommand());
  models.addCommand(modelsCheckReferenceCommand());
  models.addCommand(modelsQuantizeCommand());
  models
    .command('list')
    .description(
      'list the model store: name, version, whether complete (and the newest, which `pnpm start` serves), ' +
        'whether synthetic (random weights), when made, path',
    )
    .option('--json', 'one JSON object per version')
    .action(async (options: { json?: boolean }) => {
      const store = modelStoreDir();
      const versions = await listStoredVersions(store);
      if (versions.length === 0) {
        console.error(
          `sieve: the model store ${store} is empty: make a model with ` +
            '`pnpm exec sieve models synth --preset tiny` (random weights) or `pnpm exec sieve models pull` (the real one)',
        );
        return;
      }
      const newest = new Set<StoredVersion>();
      for (const name of new Set(versions.map((version) => version.name))) {
        const chosen = newestCompleteVersion(versions.filter((version) => version.name === name));
        if (chosen) newest.add(chosen);
      }
      if (options.json) {
        for (const version of versions)
          console.log(JSON.stringify({ ...version, newest: newest.has(version) }));
        return;
      }
      console.log(
        formatTable([
          ['NAME', 'VERSION', 'COMPLETE', 'SYNTHETIC', 'CREATED', 'PATH'],
          ...versions.map((version) => [
            version.name,
            version.version,
            version.complete ? (newest.has(version) ? 'yes (newest)' : 'yes') : 'no',
            version.synthetic ? 'yes' : 'no',
            version.completedAt ?? '-',
            version.dir,
          ]),
        ]),
      );
    });
  return models;
}

async function synthAction(options: SynthCommandOptions): Promise<void> {
  if (!STORE_NAME.test(options.name))
    throw new CliError(
      `--name ${JSON.stringify(options.name)}: a model name is letters, digits, . _ - (one folder)`,
      2,
    );
  const started = Date.now();
  const progress = new StepProgress({
    stream: process.stderr,
    // The steps synthesizeModel reports, and the manifest.
    steps:
      4 +
      (options.int8 ? 2 : 0) +
      (options.fp16 ? 1 : 0) +
      (options.preset === 'distilbert-multilingual' ? 1 : 0),
    enabled: options.progress,
    title: `synth ${options.preset}`,
  });
  const target = options.out
    ? await claimOutDir(userPath(options.out))
    : await claimStoreVersion(join(modelStoreDir(), options.name));
  try {
    const result = await synthesizeModel({
      preset: options.preset,
      outDir: target.staging,
      int8: options.int8,
      fp16: options.fp16,
      seed: options.seed,
      ...(options.tokenizer ? { tokenizerPath: userPath(options.tokenizer) } : {}),
      onProgress: (message) => progress.step(message),
    });
    progress.step('recording sha256s in manifest.json');
    await recordModelDirectory(target.staging, {
      name: options.name,
      version: basename(target.dir),
      // Not a hub repository: a later `models pull` never mistakes this version for a pull of its own.
      source: { repo: `sieve-synth/${options.preset}`, revision: `seed-${options.seed}` },
      files: result.files,
    });
    if (target.staging !== target.dir) await rename(target.staging, target.dir);
    progress.stop();
    console.error(
      `sieve: wrote a synthetic ${options.preset} model (${(result.parameters / 1e6).toFixed(1)}M parameters, ` +
        `RANDOM weights: answers mean nothing) to ${target.dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(target.dir);
  } catch (error) {
    progress.stop();
    // A store version half written is removed; it would never be served, only take disk space.
    if (target.staging !== target.dir) await rm(target.staging, { recursive: true, force: true });
    throw error;
  }
}

/** `--out DIR`: written in place; the old manifest goes first, so a half-rewritten directory never looks complete. */
async function claimOutDir(dir: string): Promise<{ dir: string; staging: string }> {
  await mkdir(dir, { recursive: true });
  await rm(join(dir, 'manifest.json'), { force: true });
  return { dir, staging: dir };
}

/**
 * `<root>/<n>.partial`, for the next free n: made with a non-recursive mkdir, which fails if another synth took the
 * same number meanwhile, so two at once never write one folder.
 */
async function claimStoreVersion(root: string): Promise<{ dir: string; staging: string }> {
  await mkdir(root, { recursive: true });
  for (;;) {
    const dir = join(root, nextSynthVersion(await readdir(root)));
    const staging = `${dir}.partial`;
    try {
      await mkdir(staging);
      return { dir, staging };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '),
    )
    .join('\n');
}
