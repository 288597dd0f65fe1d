import { Command, InvalidArgumentError } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkAgainstModelCard,
  ModelCardReferenceError,
  parseModelCardReference,
  type ModelCardCheck,
  type ModelCardReference,
} from '@sieve/eval';
import { CliError } from '../cli-error.ts';
import { ExitCode } from '../exit-codes.ts';
import { DEFAULT_STORE_MODEL, isSynthetic, listStoredVersions, modelStoreDir } from '../model-store.ts';
import { newestCompleteVersion } from '../store-version-choice.ts';
import { userPath } from '../user-path.ts';

interface CheckReferenceOptions {
  reference?: string;
  tolerance: number;
  json: boolean;
}

const REFERENCE_FILE = 'model-card-reference.json';
const HOW_TO_PULL = 'pull the real model with `sieve models pull`';

/** `$SIEVE_SHARED_DATA`, else the `shared/data` folder beside the repository (as `models synth` finds tokenizers). */
function defaultReferencePath(): string {
  const configured = process.env.SIEVE_SHARED_DATA;
  if (configured) return join(userPath(configured), REFERENCE_FILE);
  // packages/cli/src/commands/ (or dist/commands/) -> the repository root's sibling shared/data.
  return resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared/data', REFERENCE_FILE);
}

function tolerance(value: string): number {
  const number = Number(value);
  if (!(number > 0 && number < 1)) throw new InvalidArgumentError('a probability difference between 0 and 1');
  return number;
}

/** The directory to check: the one named, else the newest complete version of the default model in the store. */
async function modelDirOf(dir: string | undefined): Promise<string> {
  if (dir !== undefined) {
    const path = userPath(dir);
    if (!existsSync(join(path, 'config.json'))) {
      throw new CliError(`${path}: no model there (no config.json); ${HOW_TO_PULL}`, ExitCode.notFound);
    }
    return path;
  }
  const store = modelStoreDir();
  const newest = newestCompleteVersion(await listStoredVersions(store, DEFAULT_STORE_MODEL));
  if (!newest) {
    throw new CliError(
      `no complete version of ${DEFAULT_STORE_MODEL} in ${store}: nothing to check; ${HOW_TO_PULL}, or name a model directory`,
      ExitCode.notFound,
    );
  }
  return newest.dir;
}

function readReference(path: string): ModelCardReference {
  if (!existsSync(path)) {
    throw new CliError(
      `${path}: no such file; set SIEVE_SHARED_DATA to the folder holding ${REFERENCE_FILE}, or pass --reference`,
      ExitCode.usage,
    );
  }
  try {
    return parseModelCardReference(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    if (error instanceof ModelCardReferenceError || error instanceof SyntaxError) {
      throw new CliError(`${path}: ${error.message}`, ExitCode.usage);
    }
    throw error;
  }
}

function describe(check: ModelCardCheck, dir: string, reference: ModelCardReference): string {
  const lines = [`${dir} against the model card of ${reference.model} (tolerance ${check.tolerance}):`];
  if (!check.labelsMatch) {
    lines.push(
      `  labels: ${check.actualLabels.join(', ')}; the card's, in id order: ${check.expectedLabels.join(', ')}`,
    );
  }
  for (const example of check.examples) {
    const scores = reference.labels
      .map(
        (label) =>
          `${label} ${example.computed[label]?.toFixed(4) ?? '–'} (card ${example.published[label]!.toFixed(4)})`,
      )
      .join(', ');
    lines.push(
      `  ${example.passed ? 'ok  ' : 'FAIL'} [${example.lang}] ${example.text}: ${scores}; largest difference ${example.maxDifference.toExponential(1)}`,
    );
  }
  lines.push(
    check.passed
      ? 'passed: the weights give the published outputs'
      : 'failed: these weights do not give the published outputs',
  );
  return lines.join('\n');
}

/** `sieve models check-reference [dir]`: does a pulled model give the outputs its model card publishes? */
export function modelsCheckReferenceCommand(): Command {
  return new Command('check-reference')
    .description(
      "check a pulled model against its model card's published outputs (the example texts of " +
        `${REFERENCE_FILE}): same labels in the same order, every probability within the tolerance. ` +
        'Synthetic weights cannot pass and are refused before anything runs',
    )
    .argument(
      '[dir]',
      `model directory (default: the newest complete version of ${DEFAULT_STORE_MODEL} in the store)`,
    )
    .option(
      '--reference <file>',
      `published outputs (default: $SIEVE_SHARED_DATA/${REFERENCE_FILE}, else ../shared/data)`,
    )
    .option('--tolerance <p>', 'largest allowed difference of a probability', tolerance, 1e-3)
    .option('--json', 'print the comparison as JSON', false)
    .action(async (dir: string | undefined, options: CheckReferenceOptions) => {
      const modelDir = await modelDirOf(dir);
      if (await isSynthetic(modelDir)) {
        throw new CliError(
          `${modelDir}: synthetic weights: cannot match the model card (random weights from \`sieve models synth\`); ${HOW_TO_PULL}`,
        );
      }
      const reference = readReference(
        options.reference ? userPath(options.reference) : defaultReferencePath(),
      );
      // ONNX Runtime only when there is something to run.
      const { TextClassifier } = await import('@sieve/runtime');
      const classifier = await TextClassifier.load(modelDir, { dtype: 'fp32' });
      let check: ModelCardCheck;
      try {
        const results = await classifier.classify(
          reference.examples.map((example) => example.text),
          { topK: 0 },
        );
        check = checkAgainstModelCard(
          reference,
          classifier.info.labels,
          results.map((result) => result.labels),
          options.tolerance,
        );
      } finally {
        await classifier.close();
      }
      console.log(
        options.json
          ? JSON.stringify({ dir: modelDir, ...check }, null, 2)
          : describe(check, modelDir, reference),
      );
      if (!check.passed) process.exitCode = ExitCode.failed;
    });
}
