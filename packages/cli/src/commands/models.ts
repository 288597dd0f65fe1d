import { Command, Option } from 'commander';
import { synthesizeModel, type SynthPreset } from '@sieve/synth';
import { nonNegativeInteger } from '../option-parsers.ts';
import { userPath } from '../user-path.ts';
import { modelsPullCommand } from './models-pull.ts';

export function modelsCommand(): Command {
  const models = new Command('models').description('create, fetch and inspect model directories');
  models
    .command('synth')
    .description(
      'write a synthetic DistilBertForSequenceClassification model directory (Hugging Face ONNX export layout) ' +
        "with deterministic random weights: `tiny` for tests, `distilbert-multilingual` with the real model's exact shape and cost",
    )
    .addOption(
      new Option('--preset <preset>', 'model shape')
        .choices(['tiny', 'small', 'distilbert-multilingual'])
        .makeOptionMandatory(),
    )
    .requiredOption('--out <dir>', 'directory to write (created if missing)')
    .option(
      '--int8',
      'also write onnx/model_quantized.onnx, dynamically quantised like Hugging Face exports',
      false,
    )
    .option('--seed <n>', 'weight seed; the same seed writes the same bytes', nonNegativeInteger, 42)
    .option(
      '--tokenizer <file>',
      'tokenizer.json for distilbert-multilingual (default: found in the shared data dir or the HF cache)',
    )
    .action(
      async (options: {
        preset: SynthPreset;
        out: string;
        int8: boolean;
        seed: number;
        tokenizer?: string;
      }) => {
        const started = Date.now();
        const result = await synthesizeModel({
          preset: options.preset,
          outDir: userPath(options.out),
          int8: options.int8,
          seed: options.seed,
          ...(options.tokenizer ? { tokenizerPath: userPath(options.tokenizer) } : {}),
          onProgress: (message) => console.error(message),
        });
        console.log(
          `wrote ${options.preset} model (${(result.parameters / 1e6).toFixed(1)}M parameters) to ${result.outDir} ` +
            `in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.files.join(', ')}`,
        );
      },
    );
  models.addCommand(modelsPullCommand());
  return models;
}
