import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import {
  TextClassifier,
  type ExecutionProviderName,
  type TextResult,
  type TruncationMode,
} from '@sieve/runtime';
import { CliError } from '../cli-error.ts';
import { GatewayClient } from '../gateway-client.ts';
import { channelCredentialsOf, withTlsOptions, type TlsOptions } from '../tls-options.ts';
import { nonNegativeInteger, positiveInteger } from '../option-parsers.ts';
import { userPath } from '../user-path.ts';

interface ClassifyOptions extends TlsOptions {
  local?: string;
  address: string;
  apiKey?: string;
  model?: string;
  timeout: number;
  int8: boolean;
  topK: number;
  rawScores: boolean;
  truncation: TruncationMode;
  json: boolean;
  batchSize: number;
  threads?: number;
  provider: ExecutionProviderName;
}

export function classifyCommand(): Command {
  return withTlsOptions(new Command('classify'))
    .description(
      'classify texts and print labels with scores (texts as arguments, or "-" to read lines from stdin)',
    )
    .argument('<texts...>', 'texts to classify')
    .option('--local <dir>', 'run the model directory in this process instead of calling a gateway')
    .option('--address <host:port>', 'gateway address', process.env.SIEVE_ADDRESS ?? '127.0.0.1:50051')
    .addOption(
      new Option('--api-key <key>', 'tenant API key (prefer the environment variable)').env('SIEVE_API_KEY'),
    )
    .option(
      '--model <name>',
      'model to call: name, name@version or name@sha256:... (default: the only one served)',
    )
    .option('--timeout <ms>', 'deadline of the call', positiveInteger, 30_000)
    .option('--int8', 'use onnx/model_quantized.onnx', false)
    .option('--top-k <k>', 'only the k best labels (0: all)', nonNegativeInteger, 0)
    .option('--raw-scores', 'print logits instead of probabilities', false)
    .addOption(
      new Option('--truncation <mode>', 'long texts: cut the end, the start, or refuse')
        .choices(['right', 'left', 'none'])
        .default('right'),
    )
    .option('--json', 'one JSON object per text, for machines', false)
    .option('--batch-size <n>', 'texts per model run', positiveInteger, 8)
    .option('--threads <n>', 'ONNX Runtime intra-op threads', positiveInteger)
    .addOption(
      new Option('--provider <name>', 'execution provider (cuda falls back to cpu)')
        .choices(['cpu', 'cuda'])
        .default('cpu'),
    )
    .action(async (texts: string[], options: ClassifyOptions) => {
      const inputs = texts.length === 1 && texts[0] === '-' ? readLines() : texts;
      if (!options.local) {
        await classifyRemotely(inputs, options);
        return;
      }
      const classifier = await TextClassifier.load(userPath(options.local), {
        dtype: options.int8 ? 'int8' : 'fp32',
        executionProviders: [options.provider, 'cpu'],
        onFallback: (message) => console.error(`sieve: ${message}`),
        ...(options.threads ? { intraOpThreads: options.threads } : {}),
      });
      try {
        if (options.topK > classifier.info.labels.length) {
          throw new CliError(
            `--top-k ${options.topK} exceeds the model's ${classifier.info.labels.length} labels`,
            2,
          );
        }
        const results = await classifier.classify(inputs, {
          topK: options.topK,
          rawScores: options.rawScores,
          truncation: options.truncation,
          batchSize: options.batchSize,
        });
        print(inputs, results, options.json, classifier.info.digest);
      } finally {
        await classifier.close();
      }
    });
}

async function classifyRemotely(texts: string[], options: ClassifyOptions): Promise<void> {
  const client = new GatewayClient(options.address, {
    credentials: channelCredentialsOf(options),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
  });
  try {
    let model = options.model;
    if (!model) {
      const served = await client.listModels();
      if (served.length !== 1) {
        const names = served.map((m) => `${m.name}@${m.version}`).join(', ');
        throw new CliError(
          served.length === 0
            ? `no model is served at ${options.address}`
            : `several models are served (${names}): pick one with --model`,
          2,
        );
      }
      model = served[0]!.name;
    }
    const truncation = {
      right: 'TRUNCATION_RIGHT',
      left: 'TRUNCATION_LEFT',
      none: 'TRUNCATION_NONE',
    } as const;
    const response = await client.classify(
      {
        model,
        texts,
        options: {
          topK: options.topK,
          rawScores: options.rawScores,
          truncation: truncation[options.truncation],
        },
      },
      options.timeout,
    );
    print(
      texts,
      response.results.map((r) => ({ labels: r.labels, tokenCount: r.tokenCount, truncated: r.truncated })),
      options.json,
      response.modelDigest,
    );
  } finally {
    client.close();
  }
}

function readLines(): string[] {
  return readFileSync(0, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}

function print(texts: string[], results: TextResult[], json: boolean, digest: string): void {
  results.forEach((result, i) => {
    if (json) {
      console.log(JSON.stringify({ text: texts[i], ...result, model_digest: digest }));
      return;
    }
    console.log(texts[i]);
    for (const { label, score } of result.labels) console.log(`  ${label.padEnd(12)} ${score.toFixed(4)}`);
  });
}
