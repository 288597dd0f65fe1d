import { parseArgs } from 'node:util';
import type { ExecutionProviderName, ModelDtype } from '@sieve/runtime';

export interface CeilingOptions {
  modelDir: string;
  dtype: ModelDtype;
  /** Unset: the runtime's default (CPU). */
  executionProviders?: ExecutionProviderName[];
  /** A JSON-lines corpus with a `text` field per line, as in ../shared/data. */
  textsFile: string;
  /** Texts spread evenly over the file. */
  texts: number;
  batchSizes: number[];
  layouts: number[];
  latencyTexts: number;
  /** Where the JSON goes besides stdout. */
  out?: string;
  /** Each text's scores and token count in the JSON (for comparing providers). */
  scores: boolean;
}

export const CEILING_USAGE = `Usage: ceiling --model DIR --texts FILE.jsonl [options]

The benchmark's ceiling on its own (what \`pnpm bench\` measures first): ONNX Runtime in-process on a model directory,
texts sorted by length into batches of each size asked for, then single-text latencies. Prints one JSON object.

  --model DIR                a model directory (\`sieve models synth\` or \`sieve models pull\` wrote it)
  --texts FILE               JSON lines with a "text" field per line (e.g. sentiment-multilingual-test.jsonl)
  --dtype D                  fp32, int8 or fp16 (default fp32)
  --providers P,P            ONNX Runtime execution providers in order of preference (default: the runtime's, cpu)
  --count N                  texts spread over the file (default 400, quick 48)
  --batch-sizes N,N          (default 1,2,4,8,16; quick 1,4,8)
  --layouts N,N              1 = one session with ONNX Runtime's threads; N > 1 = N one-thread sessions at once
                             (default 1 and the core count)
  --latency-texts N          single-text calls timed (default 100, quick 20)
  --quick                    a smoke run: few texts, few batch sizes
  --scores                   also each text's score per label and token count (to compare providers)
  --out FILE                 also write the JSON there
`;

const DTYPES: readonly ModelDtype[] = ['fp32', 'int8', 'fp16'];

/** The ceiling command's options from its arguments; `cores` is what the machine offers (the default layouts). */
export function parseCeilingOptions(argv: string[], cores: number): CeilingOptions | { help: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      texts: { type: 'string' },
      dtype: { type: 'string', default: 'fp32' },
      providers: { type: 'string' },
      count: { type: 'string' },
      'batch-sizes': { type: 'string' },
      layouts: { type: 'string' },
      'latency-texts': { type: 'string' },
      quick: { type: 'boolean', default: false },
      scores: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { help: CEILING_USAGE };
  if (!values.model) throw new Error('--model DIR is required');
  if (!values.texts) throw new Error('--texts FILE is required');
  const dtype = DTYPES.find((known) => known === values.dtype);
  if (!dtype) throw new Error(`--dtype: "${values.dtype}" is not one of ${DTYPES.join(', ')}`);
  const count = (name: string, value: string | undefined, fallback: number, least = 1) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < least)
      throw new Error(`--${name} needs an integer >= ${least}, got "${value}"`);
    return n;
  };
  const list = (name: string, value: string | undefined, fallback: number[]) =>
    value === undefined ? fallback : value.split(',').map((item) => count(name, item, 0));
  const quick = values.quick;
  const providers = values.providers?.split(',').filter((name) => name !== '');
  return {
    modelDir: values.model,
    dtype,
    // The runtime names the providers it knows and refuses the others when the session is created.
    ...(providers && providers.length > 0
      ? { executionProviders: providers as ExecutionProviderName[] }
      : {}),
    textsFile: values.texts,
    texts: count('count', values.count, quick ? 48 : 400),
    batchSizes: list('batch-sizes', values['batch-sizes'], quick ? [1, 4, 8] : [1, 2, 4, 8, 16]),
    layouts: list('layouts', values.layouts, cores > 1 ? [1, cores] : [1]),
    latencyTexts: count('latency-texts', values['latency-texts'], quick ? 20 : 100, 0),
    ...(values.out ? { out: values.out } : {}),
    scores: values.scores,
  };
}
