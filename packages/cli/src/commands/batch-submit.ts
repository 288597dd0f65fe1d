import { Command, InvalidArgumentError, Option } from 'commander';
import { TRUNCATION_NAME_OF_MODE, type TruncationModeName } from '@sieve/api';
import { BatchInputFile } from '../batch-input-file.ts';
import { nonNegativeInteger } from '../option-parsers.ts';
import { terminalProgressBar } from '../terminal-progress-bar.ts';
import { userPath } from '../user-path.ts';
import {
  describeBatch,
  withBatchClient,
  withConnection,
  type ConnectionOptions,
} from '../batch-connection.ts';

interface SubmitOptions extends ConnectionOptions {
  model: string;
  idempotencyKey?: string;
  name?: string;
  topK: number;
  truncation: TruncationModeName;
  retention?: number;
  progress: boolean;
  json: boolean;
}

/** "24h", "7d", "90m" -> ms. */
function parseDuration(value: string): number {
  const match = /^(\d+)([mhd])$/.exec(value);
  if (!match) throw new InvalidArgumentError(`"${value}" is not a duration like 90m, 24h or 7d`);
  return Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
}

export function batchSubmitCommand(): Command {
  return withConnection(new Command('submit'))
    .description(
      'upload FILE (.jsonl with {"text", "id"} per line, .csv with text[,id] columns, or .txt with one text per ' +
        'line, blank lines skipped) as one batch job; the file is checked first and nothing is sent if a line is ' +
        'wrong. Prints the batch id on stdout (the batch as JSON with --json); progress and the summary on stderr',
    )
    .argument('<file>', 'input file')
    .requiredOption('--model <name>', 'model: name, name@version or name@sha256:...')
    .option(
      '--idempotency-key <key>',
      'same key, same batch (default: derived from the file and model, so re-running after a failure is safe)',
    )
    .option('--name <text>', 'display name shown by `batch list`')
    .option('--top-k <k>', 'only the k best labels (0: all)', nonNegativeInteger, 0)
    .addOption(
      new Option('--truncation <mode>', 'long texts: cut the end, the start, or fail the item')
        .choices(['right', 'left', 'none'])
        .default('right'),
    )
    .option(
      '--retention <duration>',
      'how long results stay after the batch ends, e.g. 24h or 7d',
      parseDuration,
    )
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the batch as JSON (with "existing") instead of its id', false)
    .action(async (file: string, options: SubmitOptions) => {
      const input = new BatchInputFile(userPath(file));
      const { count, sha256 } = await input.check();
      const retentionMs = options.retention;
      const bar = terminalProgressBar(
        options.progress,
        'uploading [{bar}] {value}/{total} texts {percentage}% | eta {eta}s',
      );
      bar?.start(count, 0);
      const response = await withBatchClient(options, (client) =>
        client.submit(
          {
            model: options.model,
            idempotencyKey: options.idempotencyKey ?? `file-sha256:${sha256}:${options.model}`,
            ...(options.name ? { displayName: options.name } : {}),
            options: { topK: options.topK, truncation: TRUNCATION_NAME_OF_MODE[options.truncation] },
            ...(retentionMs ? { resultRetentionMs: retentionMs } : {}),
          },
          input.items(),
          (sent) => bar?.update(sent),
        ),
      ).finally(() => bar?.stop());
      const batch = response.batch!;
      if (options.json) {
        console.log(JSON.stringify({ ...batch, existing: response.existing }));
        return;
      }
      // The id alone on stdout, so that scripts can write BATCH=$(sieve batch submit ...).
      if (response.existing)
        console.error('this idempotency key already names a batch; nothing new was created');
      console.error(describeBatch(batch));
      console.log(batch.id);
    });
}
