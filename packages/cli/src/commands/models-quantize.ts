import { existsSync } from 'node:fs';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { MANIFEST_FILE, readManifest, sha256File, writeManifest } from '@sieve/hub';
import { locateModelFiles, readModelConfig, TextTokenizer, TextTooLongError } from '@sieve/runtime';
import { STATIC_INT8_MODEL_PATH, writeStaticInt8Model } from '@sieve/synth';
import { BatchInputFile } from '../batch-input-file.ts';
import { CliError } from '../cli-error.ts';
import { DEFAULT_STORE_MODEL, listStoredVersions, modelStoreDir } from '../model-store.ts';
import { newestCompleteVersion } from '../store-version-choice.ts';
import { userPath } from '../user-path.ts';

interface QuantizeCommandOptions {
  calibration: string;
}

/**
 * `sieve models quantize --calibration FILE [DIR]`: the statically quantised int8 graph of a model, what
 * SIEVE_MODEL_DTYPE=int8 serves. Its activation scales are calibrated once on the texts of FILE, so a text's
 * answer does not depend on what else is in its batch (the hub's dynamically quantised graph, int8-dynamic, sets
 * them per batch).
 */
export function modelsQuantizeCommand(): Command {
  return new Command('quantize')
    .description(
      `write ${STATIC_INT8_MODEL_PATH} into a model directory (default: the newest version of ` +
        `${DEFAULT_STORE_MODEL} in the store): int8 weights, activation scales calibrated once by running the fp32 ` +
        'graph on the texts of --calibration, so answers do not depend on batch partners; served by ' +
        "SIEVE_MODEL_DTYPE=int8 (int8-dynamic serves the hub's per-batch onnx/model_quantized.onnx). Adds the file " +
        'to the manifest and prints its path',
    )
    .argument('[dir]', 'the model directory')
    .requiredOption(
      '--calibration <file>',
      'texts typical of the traffic, .jsonl ("text" field), .csv ("text" column) or .txt (a text per line); ' +
        'a few hundred to a few thousand',
    )
    .action(quantizeAction);
}

async function quantizeAction(
  dirArgument: string | undefined,
  options: QuantizeCommandOptions,
): Promise<void> {
  const dir = dirArgument ? userPath(dirArgument) : await newestDefaultModel();
  const files = locateModelFiles(dir, 'fp32');
  const config = readModelConfig(files.config);
  const tokenizer = TextTokenizer.fromJson(
    files.tokenizer,
    await readFile(files.tokenizer, 'utf8'),
    config.maxLength,
  );
  const input = new BatchInputFile(userPath(options.calibration));
  const texts: string[] = [];
  for await (const item of input.items()) texts.push(item.text);
  if (texts.length === 0) throw new CliError(`${input.path}: no texts to calibrate on`, 2);
  const sequences = (await tokenizer.encode(texts, 'right')).flatMap((entry) =>
    entry instanceof TextTooLongError ? [] : [entry.ids],
  );

  const destination = join(dir, STATIC_INT8_MODEL_PATH);
  // Written beside and renamed: a worker never maps half a graph.
  const staging = `${destination}.partial`;
  const started = Date.now();
  process.stderr.write(`calibrating on ${sequences.length} texts of ${input.path} ...\n`);
  try {
    const written = await writeStaticInt8Model(files.onnx, staging, sequences);
    await rename(staging, destination);
    process.stderr.write(
      `${written.activations} activations given fixed scales in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } catch (error) {
    await rm(staging, { force: true });
    throw error;
  }
  if (existsSync(join(dir, MANIFEST_FILE))) {
    // The manifest names every served file (workers refuse one changed since): the new graph joins it.
    const manifest = await readManifest(dir);
    manifest.files[STATIC_INT8_MODEL_PATH] = {
      sha256: await sha256File(destination),
      size: (await stat(destination)).size,
    };
    await writeManifest(dir, manifest);
  }
  console.log(destination);
}

async function newestDefaultModel(): Promise<string> {
  const store = modelStoreDir();
  const chosen = newestCompleteVersion(await listStoredVersions(store, DEFAULT_STORE_MODEL));
  if (!chosen)
    throw new CliError(
      `no complete version of "${DEFAULT_STORE_MODEL}" in the model store ${store}: name a model directory`,
      2,
    );
  return chosen.dir;
}
