import { Command } from 'commander';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BatchItemInit } from '@sieve/api';
import {
  buildEvalReport,
  LabelMapError,
  parseLabelMap,
  renderHtmlReport,
  renderMarkdownReport,
  type EvalDataset,
  type LabelMap,
  type ModelRun,
} from '@sieve/eval';
import { withBatchClient, withConnection, type ConnectionOptions } from '../batch-connection.ts';
import { CliError } from '../cli-error.ts';
import { runEvalBatch } from '../eval-batch-run.ts';
import { itemSelection, type ItemSelection } from '../eval-item-selection.ts';
import { GatewayClient } from '../gateway-client.ts';
import { LabelledInputFile } from '../labelled-input-file.ts';
import { nonNegativeInteger, positiveInteger } from '../option-parsers.ts';
import { unaryLatencySample } from '../unary-latency-sample.ts';
import { userPath } from '../user-path.ts';

interface EvalOptions extends ConnectionOptions {
  model: string[];
  data: string;
  textField: string;
  labelField: string;
  groupBy?: string;
  labelMap?: string;
  limit?: number;
  sample?: number;
  out?: string;
  latencySample: number;
  fresh: boolean;
  progress: boolean;
}

/** Texts a latency sample cycles through: enough variety of lengths; more would only hold memory. */
const LATENCY_TEXTS = 1000;

const timestampDate = (ts: { seconds: number | string; nanos: number } | null) =>
  ts ? new Date(Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1e6)) : null;

function readLabelMap(value: string): LabelMap {
  const inline = value.includes('=') || value.trim().startsWith('{');
  const path = userPath(value);
  if (!inline && !existsSync(path)) {
    throw new CliError(
      `--label-map: "${value}" is neither data=model pairs (ham=positive,spam=negative) nor a JSON file`,
      2,
    );
  }
  try {
    return parseLabelMap(inline ? value : readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof LabelMapError)
      throw new CliError(`--label-map${inline ? '' : ` ${path}`}: ${error.message}`, 2);
    throw error;
  }
}

/** The gold label an item is scored against: its own, or its mapping; undefined means skipped. */
function goldOf(label: string, map: LabelMap | null): string | undefined {
  if (!map) return label;
  return Object.hasOwn(map, label) ? map[label] : undefined;
}

/** One pass over the selected items: gold labels and groups (texts stay in the file), skips, latency texts. */
async function readDataset(
  file: LabelledInputFile,
  selection: ItemSelection,
  map: LabelMap | null,
  latencyTexts: number,
): Promise<{
  items: Array<{ gold: string; group?: string }>;
  read: number;
  skipped: EvalDataset['skipped'];
  groups: string[];
  texts: string[];
}> {
  const items: Array<{ gold: string; group?: string }> = [];
  const skipped = { count: 0, byLabel: {} as Record<string, number> };
  const groups = new Set<string>();
  const texts: string[] = [];
  let position = 0;
  let read = 0;
  for await (const item of file.items()) {
    if (!selection.includes(position++)) continue;
    read += 1;
    if (item.group !== undefined) groups.add(item.group);
    const gold = goldOf(item.label, map);
    if (gold === undefined) {
      skipped.count += 1;
      skipped.byLabel[item.label] = (skipped.byLabel[item.label] ?? 0) + 1;
      continue;
    }
    items.push(item.group === undefined ? { gold } : { gold, group: item.group });
    if (texts.length < latencyTexts) texts.push(item.text);
  }
  return { items, read, skipped, groups: [...groups].sort(), texts };
}

/** The evaluated items again, streamed from the file for each model's upload, with their line as id. */
async function* submittedItems(
  file: LabelledInputFile,
  selection: ItemSelection,
  map: LabelMap | null,
): AsyncGenerator<BatchItemInit> {
  let position = 0;
  for await (const item of file.items()) {
    if (!selection.includes(position++)) continue;
    if (goldOf(item.label, map) !== undefined) yield { id: String(item.line), text: item.text };
  }
}

/** Fails before anything is submitted when the labels cannot line up with the model's. */
function checkLabels(model: string, modelLabels: string[], golds: Set<string>, map: LabelMap | null): void {
  const known = new Set(modelLabels);
  const list = (labels: Iterable<string>) => [...labels].join(', ');
  if (map) {
    const unknown = [...new Set(Object.values(map))].filter((label) => !known.has(label));
    if (unknown.length > 0) {
      throw new CliError(
        `--label-map maps to ${list(unknown)}, which model ${model} does not have (its labels: ${list(modelLabels)})`,
        2,
      );
    }
    return;
  }
  const foreign = [...golds].filter((label) => !known.has(label));
  if (foreign.length === golds.size) {
    const example = [...golds]
      .slice(0, modelLabels.length)
      .map((gold, i) => `${gold}=${modelLabels[i]}`)
      .join(',');
    throw new CliError(
      `none of the data's labels (${list(golds)}) is a label of model ${model} (${list(modelLabels)}); ` +
        `map them with --label-map, e.g. --label-map ${example}`,
      2,
    );
  }
  if (foreign.length > 0) {
    console.error(
      `sieve: warning: model ${model} has no label ${list(foreign)}; those items can only count as wrong (map them with --label-map)`,
    );
  }
}

export function evalCommand(): Command {
  return withConnection(new Command('eval'))
    .description(
      'run a labelled JSONL file through the cluster as one batch job per model and report accuracy, macro-F1, ' +
        'per-label precision/recall/F1, confusion matrices, per-group results, calibration (ECE) and throughput, ' +
        'models side by side. Prints the report as Markdown on stdout; with --out DIR also writes report.json, ' +
        'report.md and report.html there (nothing is written without it)',
    )
    .option(
      '--model <name>',
      'model to evaluate: name, name@version or name@sha256:... (repeat to compare)',
      (v, all: string[]) => [...all, v],
      [],
    )
    .requiredOption('--data <file.jsonl>', 'labelled data: one JSON object per line')
    .option('--text-field <name>', 'field holding the text', 'text')
    .option('--label-field <name>', 'field holding the gold label', 'label')
    .option('--group-by <name>', 'field to break results down by, e.g. lang')
    .option(
      '--label-map <map>',
      'data label -> model label, as ham=positive,spam=negative or a JSON file; items with an unmapped label are skipped',
    )
    .option('--limit <n>', 'only the first n items', positiveInteger)
    .option(
      '--sample <n>',
      'only n items evenly spread over the file (the same ones each run)',
      positiveInteger,
    )
    .option('--out <dir>', 'also write report.json, report.md and report.html into this directory')
    .option(
      '--latency-sample <n>',
      'also time n one-text unary Classify calls per model',
      nonNegativeInteger,
      0,
    )
    .option(
      '--fresh',
      'new batches even if this evaluation ran before (by default its batches are reused)',
      false,
    )
    .option('--no-progress', 'no progress bars')
    .action(async (options: EvalOptions) => {
      if (options.model.length === 0) throw new CliError('name at least one --model', 2);
      if (new Set(options.model).size !== options.model.length)
        throw new CliError('a --model is named twice', 2);
      const map = options.labelMap ? readLabelMap(options.labelMap) : null;
      const file = new LabelledInputFile(userPath(options.data), {
        text: options.textField,
        label: options.labelField,
        ...(options.groupBy ? { group: options.groupBy } : {}),
      });
      const { count, sha256 } = await file.check();
      const selection = itemSelection(count, { limit: options.limit, sample: options.sample });
      const data = await readDataset(file, selection, map, Math.min(options.latencySample, LATENCY_TEXTS));
      if (data.items.length === 0) {
        throw new CliError(
          `${options.data}: no item has a mapped label (--label-map maps ${Object.keys(map ?? {}).join(', ')})`,
          2,
        );
      }
      const dataset: EvalDataset = {
        file: options.data,
        sha256,
        textField: options.textField,
        labelField: options.labelField,
        groupBy: options.groupBy ?? null,
        labelMap: map,
        selection: selection.description,
        read: data.read,
        skipped: data.skipped,
        items: data.items,
        groups: options.groupBy ? data.groups : null,
      };

      const gateway = new GatewayClient(options.address, options.apiKey ? { apiKey: options.apiKey } : {});
      const runs: ModelRun[] = [];
      try {
        const models: Array<{ model: string; labels: string[] }> = [];
        for (const model of options.model) {
          const info = await gateway.getModel(model);
          if (info.labels.length === 0) {
            // Labels come from a worker that loaded the model; without one there is nothing to check the data against.
            const state = info.state.replace('MODEL_STATE_', '').toLowerCase();
            throw new CliError(
              `model ${model} is ${state}${info.stateReason ? ` (${info.stateReason})` : ''}: no worker reports its labels yet`,
            );
          }
          checkLabels(model, info.labels, new Set(data.items.map((item) => item.gold)), map);
          models.push({ model, labels: info.labels });
        }
        await withBatchClient(options, async (client) => {
          for (const { model, labels } of models) {
            const identity = {
              data: sha256,
              model,
              text: options.textField,
              label: options.labelField,
              map,
              selection: selection.key,
              ...(options.fresh ? { fresh: Date.now() } : {}),
            };
            const { batch, reused, outcomes } = await runEvalBatch(client, {
              model,
              idempotencyKey: `eval:${createHash('sha256').update(JSON.stringify(identity)).digest('hex')}`,
              displayName: `eval ${basename(options.data)} ${options.labelField}`,
              items: submittedItems(file, selection, map),
              count: data.items.length,
              progress: options.progress,
            });
            if (batch.state !== 'BATCH_STATE_SUCCEEDED') {
              console.error(
                `sieve: batch ${batch.id} of ${model} ended ${batch.state}; its missing items count as failed`,
              );
              process.exitCode = 1;
            }
            runs.push({
              model,
              modelDigest: batch.modelDigest,
              labels,
              batchId: batch.id,
              reusedBatch: reused,
              batchState: batch.state,
              createTime: timestampDate(batch.createTime),
              startTime: timestampDate(batch.startTime),
              endTime: timestampDate(batch.endTime),
              outcomes,
              latencySamplesMs: await unaryLatencySample(gateway, model, data.texts, options.latencySample),
            });
          }
        });
      } finally {
        gateway.close();
      }

      const report = buildEvalReport(dataset, runs);
      const markdown = renderMarkdownReport(report);
      if (options.out) {
        const out = userPath(options.out);
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
        writeFileSync(join(out, 'report.md'), markdown);
        writeFileSync(join(out, 'report.html'), renderHtmlReport(report));
        console.error(`sieve: wrote ${join(out, 'report.json')}, report.md and report.html`);
      }
      process.stdout.write(markdown);
    });
}
