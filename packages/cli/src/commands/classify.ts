import { Command, Option } from 'commander';
import { once } from 'node:events';
import { TRUNCATION_NAME_OF_MODE } from '@sieve/api';
import type { ExecutionProviderName, TextResult, TruncationMode } from '@sieve/runtime';
import { CliError } from '../cli-error.ts';
import { textLines } from '../input-lines.ts';
import { orderedChunkCalls } from '../ordered-chunk-calls.ts';
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
  int8Dynamic: boolean;
  fp16: boolean;
  topK: number;
  rawScores: boolean;
  truncation: TruncationMode;
  json: boolean;
  textsPerCall: number;
  batchSize: number;
  threads?: number;
  provider: ExecutionProviderName;
}

/** The gateway's default SIEVE_MAX_TEXTS_PER_CALL. */
const DEFAULT_TEXTS_PER_CALL = 256;
/** Calls sent before the oldest one's answer is printed: enough to keep a cluster's workers busy. */
const CALLS_IN_FLIGHT = 4;

interface ChunkAnswer {
  results: TextResult[];
  digest: string;
}

export function classifyCommand(): Command {
  return withTlsOptions(new Command('classify'))
    .description(
      'classify texts and print labels with scores. Texts are the arguments, or with "-" the lines of stdin: one ' +
        'text per line, blank (whitespace-only) lines skipped, sent as calls of at most --texts-per-call texts ' +
        '(several in flight), answers printed in input order as they arrive',
    )
    .argument('<texts...>', 'texts to classify, or "-" to read one text per line from stdin')
    .option('--local <dir>', 'run the model directory in this process instead of calling a gateway')
    .option('--address <host:port>', 'gateway address', process.env.SIEVE_ADDRESS ?? '127.0.0.1:50051')
    .addOption(
      new Option('--api-key <key>', 'tenant API key (prefer the environment variable)').env('SIEVE_API_KEY'),
    )
    .option(
      '--model <name>',
      'model to call: name, name@version or name@sha256:... (default: the only one served)',
    )
    .option('--timeout <ms>', 'deadline of each call', positiveInteger, 30_000)
    .option(
      '--texts-per-call <n>',
      "texts per call; at most the gateway's SIEVE_MAX_TEXTS_PER_CALL",
      positiveInteger,
      DEFAULT_TEXTS_PER_CALL,
    )
    .option(
      '--int8',
      'use onnx/model_int8_static.onnx (fixed activation scales: `sieve models quantize`)',
      false,
    )
    .addOption(
      new Option('--int8-dynamic', "use onnx/model_quantized.onnx (the hub's; scales follow each batch)")
        .default(false)
        .conflicts('int8'),
    )
    .addOption(
      new Option('--fp16', 'use onnx/model_fp16.onnx').default(false).conflicts(['int8', 'int8Dynamic']),
    )
    .option('--top-k <k>', 'only the k best labels (0: all)', nonNegativeInteger, 0)
    .option('--raw-scores', 'print logits instead of probabilities', false)
    .addOption(
      new Option('--truncation <mode>', 'long texts: cut the end, the start, or refuse')
        .choices(['right', 'left', 'none'])
        .default('right'),
    )
    .option('--json', 'one JSON object per text (JSON lines), for machines', false)
    .option('--batch-size <n>', 'with --local: texts per model run', positiveInteger, 8)
    .option('--threads <n>', 'with --local: ONNX Runtime intra-op threads', positiveInteger)
    .addOption(
      new Option('--provider <name>', 'with --local: execution provider (webgpu and cuda fall back to cpu)')
        .choices(['cpu', 'webgpu', 'cuda'])
        .default('cpu'),
    )
    .action(async (texts: string[], options: ClassifyOptions) => {
      const inputs = texts.length === 1 && texts[0] === '-' ? stdinTexts() : texts;
      if (options.local) await classifyLocally(inputs, options);
      else await classifyRemotely(inputs, options);
    });
}

async function* stdinTexts(): AsyncGenerator<string> {
  for await (const { text } of textLines(process.stdin)) yield text;
}

async function classifyLocally(inputs: AsyncIterable<string> | string[], options: ClassifyOptions) {
  // ONNX Runtime only for --local: loading it costs a remote classify (and `classify --help`) for nothing.
  const { TextClassifier } = await import('@sieve/runtime');
  const classifier = await TextClassifier.load(userPath(options.local!), {
    dtype: options.int8 ? 'int8' : options.int8Dynamic ? 'int8-dynamic' : options.fp16 ? 'fp16' : 'fp32',
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
    await orderedChunkCalls<ChunkAnswer>(
      inputs,
      { chunkSize: options.textsPerCall, inFlight: 1 },
      async (chunk) => ({
        results: await classifier.classify(chunk, {
          topK: options.topK,
          rawScores: options.rawScores,
          truncation: options.truncation,
          batchSize: options.batchSize,
        }),
        digest: classifier.info.digest,
      }),
      (chunk, answer) => print(chunk, answer, options.json),
    );
  } finally {
    await classifier.close();
  }
}

async function classifyRemotely(inputs: AsyncIterable<string> | string[], options: ClassifyOptions) {
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
    const request = {
      model,
      options: {
        topK: options.topK,
        rawScores: options.rawScores,
        truncation: TRUNCATION_NAME_OF_MODE[options.truncation],
      },
    };
    await orderedChunkCalls<ChunkAnswer>(
      inputs,
      { chunkSize: options.textsPerCall, inFlight: CALLS_IN_FLIGHT },
      async (texts) => {
        const response = await client.classify({ ...request, texts }, options.timeout);
        return {
          results: response.results.map((r) => ({
            labels: r.labels,
            tokenCount: r.tokenCount,
            truncated: r.truncated,
          })),
          digest: response.modelDigest,
        };
      },
      (texts, answer) => print(texts, answer, options.json),
    );
  } finally {
    client.close();
  }
}

/** One chunk's answers on stdout, waiting for a slow reader (a pipe into another program) to drain. */
async function print(texts: string[], { results, digest }: ChunkAnswer, json: boolean): Promise<void> {
  const lines: string[] = [];
  results.forEach((result, i) => {
    if (json) {
      // snake_case, as `batch results` and the proto's JSON names write them.
      lines.push(
        JSON.stringify({
          text: texts[i],
          labels: result.labels,
          token_count: result.tokenCount,
          truncated: result.truncated,
          model_digest: digest,
        }),
      );
      return;
    }
    lines.push(texts[i]!);
    for (const { label, score } of result.labels) lines.push(`  ${label.padEnd(12)} ${score.toFixed(4)}`);
  });
  if (!process.stdout.write(`${lines.join('\n')}\n`)) await once(process.stdout, 'drain');
}
