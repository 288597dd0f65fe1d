import { basename, extname } from 'node:path';
import { createHash } from 'node:crypto';
import { Command, Option } from 'commander';
import { CliError } from '../cli-error.ts';
import { withConnection } from '../batch-connection.ts';
import { describeHead, withHeadsClient, type HeadsConnectionOptions } from '../heads-connection.ts';
import { nonNegativeInteger } from '../option-parsers.ts';
import { terminalProgressBar } from '../terminal-progress-bar.ts';
import { TrainingExamplesFile } from '../training-examples-file.ts';
import { userPath } from '../user-path.ts';

interface TrainOptions extends HeadsConnectionOptions {
  base: string;
  data: string;
  labels: string;
  name?: string;
  textField: string;
  labelField: string;
  holdout?: string;
  hidden: number;
  classWeights: 'sqrt-inverse' | 'inverse' | 'none';
  idempotencyKey?: string;
  wait: boolean;
  json: boolean;
  progress: boolean;
}

/** The server refuses fewer: a label must reach training, early stopping and the held-out split. */
const MIN_EXAMPLES_PER_LABEL = 5;

/** "sms-spam-collection.jsonl" -> "sms-spam-collection": a head name from the data file, when none is given. */
function nameFromFile(path: string): string {
  const stem = basename(path, extname(path))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  if (!stem) throw new CliError(`cannot make a head name of ${basename(path)}; give one with --name`, 2);
  return stem;
}

export function headsTrainCommand(): Command {
  return withConnection(new Command('train'))
    .description(
      "train a classification head with your labels on a served model's pooled features (the backbone stays as it " +
        'is) as an async job; served as MODEL+HEAD. The file is checked first: nothing is sent if a line is wrong',
    )
    .requiredOption('--base <model>', 'the served model whose features the head reads: name or name@version')
    .requiredOption('--data <file.jsonl>', 'labelled examples, one JSON object per line')
    .requiredOption(
      '--labels <a,b,...>',
      "the head's labels, in output order; every example's label is one of them",
    )
    .option('--name <head>', 'head name: lowercase letters, digits, "-" (default: from the data file name)')
    .option('--tenant <id>', 'the tenant the API key must belong to (refused otherwise)')
    .option('--text-field <name>', 'JSON field holding the text', 'text')
    .option('--label-field <name>', 'JSON field holding the label', 'label')
    .option('--holdout <fraction>', 'share of each label held out to measure the head (0.05-0.5)', '0.2')
    .option(
      '--hidden <units>',
      '0: softmax regression; n: a small MLP with n hidden units',
      nonNegativeInteger,
      0,
    )
    .addOption(
      new Option(
        '--class-weights <weighting>',
        'weight of each label against imbalance: 1/sqrt(frequency), 1/frequency, or none',
      )
        .choices(['sqrt-inverse', 'inverse', 'none'])
        .default('sqrt-inverse'),
    )
    .option(
      '--idempotency-key <key>',
      'same key, same head version (default: derived from the file and options, so re-running is safe)',
    )
    .option(
      '--wait',
      'follow training until the head is READY (print its metrics) or FAILED; its state and time on stderr',
      false,
    )
    .option('--json', 'print the head as JSON', false)
    .option('--no-progress', 'no progress bars (upload, training)')
    .action(async (options: TrainOptions) => {
      const labels = options.labels.split(',').map((label) => label.trim());
      if (
        labels.length < 2 ||
        labels.some((label) => label === '') ||
        new Set(labels).size !== labels.length
      ) {
        throw new CliError(
          `--labels "${options.labels}": give two or more distinct labels, comma-separated`,
          2,
        );
      }
      const holdout = Number(options.holdout);
      if (!(holdout >= 0.05 && holdout <= 0.5))
        throw new CliError(`--holdout ${options.holdout}: must be 0.05 to 0.5`, 2);
      const path = userPath(options.data);
      const name = options.name ?? nameFromFile(path);
      const file = new TrainingExamplesFile(
        path,
        { text: options.textField, label: options.labelField },
        labels,
      );
      const { count, sha256, perLabel } = await file.check();
      const scarce = [...perLabel].filter(([, n]) => n < MIN_EXAMPLES_PER_LABEL);
      if (scarce.length > 0) {
        throw new CliError(
          `${path}: every label needs at least ${MIN_EXAMPLES_PER_LABEL} examples; ` +
            `${scarce.map(([label, n]) => `"${label}" has ${n}`).join(', ')}; nothing was submitted`,
          2,
        );
      }
      const idempotencyKey =
        options.idempotencyKey ??
        `file-sha256:${sha256}:${createHash('sha256')
          .update(JSON.stringify([options.base, name, labels, holdout, options.hidden, options.classWeights]))
          .digest('hex')
          .slice(0, 16)}`;
      await withHeadsClient(options, async (client) => {
        console.error(
          `uploading ${count} examples (${[...perLabel].map(([l, n]) => `${l} ${n}`).join(', ')})`,
        );
        const upload = terminalProgressBar(
          options.progress,
          'uploading [{bar}] {value}/{total} examples {percentage}%',
        );
        upload?.start(count, 0);
        const response = await client
          .train(
            {
              baseModel: options.base,
              name,
              labels,
              holdoutFraction: holdout,
              idempotencyKey,
              hiddenUnits: options.hidden,
              classWeighting: options.classWeights,
            },
            file.examples(),
            (sent) => upload?.update(sent),
          )
          .finally(() => upload?.stop());
        let head = response.head!;
        if (response.existing)
          console.error('this idempotency key already names a head version; nothing new was trained');
        if (options.wait) {
          // The API reports a head's state, not its epochs: the bar shows the state and the time it has taken.
          const training = terminalProgressBar(options.progress, '{model} {state} | {duration_formatted}');
          const stateOf = (polled: typeof head) => polled.state.replace('HEAD_STATE_', '').toLowerCase();
          training?.start(1, 0, { model: head.model, state: stateOf(head) });
          let last = '';
          try {
            head = await client.waitForTraining(head.model, {
              onPoll: (polled) => {
                training?.update(0, { state: stateOf(polled) });
                if (!training && polled.state !== last) console.error(`${polled.model}: ${stateOf(polled)}`);
                last = polled.state;
              },
            });
            training?.update(1, { state: stateOf(head) });
          } finally {
            training?.stop();
          }
        }
        console.log(
          options.json ? JSON.stringify({ ...head, existing: response.existing }) : describeHead(head),
        );
        if (head.state === 'HEAD_STATE_FAILED')
          throw new CliError(`head ${head.model} failed: ${head.stateReason}`);
      });
    });
}
