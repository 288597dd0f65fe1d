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
import { readWorkerMemory } from '../worker-memory-reading.ts';

/** A flag that belongs to the `--model` named before it on the command line; null: given before any `--model`. */
interface ModelFlag {
  model: string | null;
  value: string;
}

interface EvalOptions extends ConnectionOptions {
  model: string[];
  data: string;
  textField: string;
  labelField: string;
  groupBy?: string;
  labelMap: ModelFlag[];
  workerMetrics: ModelFlag[];
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

/** Whether every model can score an item: each model's map (if it has one) maps the item's label. */
function scoredByAll(label: string, maps: ReadonlyArray<LabelMap | null>): boolean {
  return maps.every((map) => !map || Object.hasOwn(map, label));
}

/**
 * Each model's label map: a `--label-map` after a `--model` is that model's; one before every `--model` is the map
 * of the models without their own. Null: the data's labels are the model's.
 */
function labelMapsOf(models: readonly string[], flags: readonly ModelFlag[]): Map<string, LabelMap | null> {
  const shared = flags.filter((flag) => flag.model === null);
  if (shared.length > 1) throw new CliError('--label-map is given twice before any --model', 2);
  const fallback = shared[0] ? readLabelMap(shared[0].value) : null;
  const maps = new Map<string, LabelMap | null>(models.map((model) => [model, fallback]));
  const seen = new Set<string>();
  for (const flag of flags) {
    if (flag.model === null) continue;
    if (seen.has(flag.model)) throw new CliError(`--model ${flag.model} has two --label-map`, 2);
    seen.add(flag.model);
    maps.set(flag.model, readLabelMap(flag.value));
  }
  return maps;
}

/** The one map every model shares, to show as the data's map; null when they differ (each shows its own). */
function sharedMap(maps: ReadonlyArray<LabelMap | null>): LabelMap | null {
  const first = maps[0] ?? null;
  return maps.every((map) => JSON.stringify(map) === JSON.stringify(first)) ? first : null;
}

/** One pass over the selected items: gold labels and groups (texts stay in the file), skips, latency texts. */
async function readDataset(
  file: LabelledInputFile,
  selection: ItemSelection,
  maps: ReadonlyArray<LabelMap | null>,
  latencyTexts: number,
): Promise<{
  items: Array<{ gold: string; group?: string; line: number; text?: string }>;
  read: number;
  skipped: EvalDataset['skipped'];
  groups: string[];
  texts: string[];
}> {
  const items: Array<{ gold: string; group?: string; line: number; text?: string }> = [];
  // Texts show where models disagree; a single model has nobody to disagree with.
  const keepTexts = maps.length > 1;
  const skipped = { count: 0, byLabel: {} as Record<string, number> };
  const groups = new Set<string>();
  const texts: string[] = [];
  let position = 0;
  let read = 0;
  for await (const item of file.items()) {
    if (!selection.includes(position++)) continue;
    read += 1;
    if (item.group !== undefined) groups.add(item.group);
    if (!scoredByAll(item.label, maps)) {
      skipped.count += 1;
      skipped.byLabel[item.label] = (skipped.byLabel[item.label] ?? 0) + 1;
      continue;
    }
    items.push({
      gold: item.label,
      line: item.line,
      ...(item.group === undefined ? {} : { group: item.group }),
      ...(keepTexts ? { text: item.text } : {}),
    });
    if (texts.length < latencyTexts) texts.push(item.text);
  }
  return { items, read, skipped, groups: [...groups].sort(), texts };
}

/** The evaluated items again, streamed from the file for each model's upload, with their line as id. */
async function* submittedItems(
  file: LabelledInputFile,
  selection: ItemSelection,
  maps: ReadonlyArray<LabelMap | null>,
): AsyncGenerator<BatchItemInit> {
  let position = 0;
  for await (const item of file.items()) {
    if (!selection.includes(position++)) continue;
    if (scoredByAll(item.label, maps)) yield { id: String(item.line), text: item.text };
  }
}

/** Fails before anything is submitted when the labels cannot line up with the model's. */
function checkLabels(
  model: string,
  modelLabels: string[],
  golds: Set<string>,
  map: LabelMap | null,
  several: boolean,
): void {
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
        `map them with --label-map, e.g. --label-map ${example}` +
        (several ? ` (a --label-map right after --model ${model} is its own)` : ''),
      2,
    );
  }
  if (foreign.length > 0) {
    console.error(
      `sieve: warning: model ${model} has no label ${list(foreign)}; those items can only count as wrong (map them with --label-map)`,
    );
  }
}

async function memoryOf(model: string, url: string | undefined) {
  if (!url) return null;
  const reading = await readWorkerMemory(url);
  if ('unreadable' in reading) {
    console.error(`sieve: memory of ${model} not measured: ${reading.unreadable}`);
    return null;
  }
  return reading;
}

export function evalCommand(): Command {
  // Commander calls option parsers in command-line order: the --model last seen owns the flags that follow it.
  let lastModel: string | null = null;
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
      (v, all: string[]) => {
        lastModel = v;
        return [...all, v];
      },
      [],
    )
    .requiredOption('--data <file.jsonl>', 'labelled data: one JSON object per line')
    .option('--text-field <name>', 'field holding the text', 'text')
    .option('--label-field <name>', 'field holding the gold label', 'label')
    .option('--group-by <name>', 'field to break results down by, e.g. lang')
    .option(
      '--label-map <map>',
      'data label -> model label, as ham=positive,spam=negative or a JSON file, for the --model before it (given ' +
        'before any --model: for every model without its own); items a map leaves out are skipped',
      (value, all: ModelFlag[]) => [...all, { model: lastModel, value }],
      [],
    )
    .option(
      '--worker-metrics <url>',
      "the Prometheus endpoint of the worker serving the --model before it, to report that worker's memory " +
        '(read after its batch); without it memory is "not measured"',
      (value, all: ModelFlag[]) => [...all, { model: lastModel, value }],
      [],
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
      const labelMaps = labelMapsOf(options.model, options.labelMap);
      const maps = options.model.map((model) => labelMaps.get(model) ?? null);
      const map = sharedMap(maps);
      const metricsUrls = new Map<string, string>();
      for (const flag of options.workerMetrics) {
        if (flag.model === null)
          throw new CliError('--worker-metrics belongs after the --model it measures', 2);
        metricsUrls.set(flag.model, flag.value);
      }
      const file = new LabelledInputFile(userPath(options.data), {
        text: options.textField,
        label: options.labelField,
        ...(options.groupBy ? { group: options.groupBy } : {}),
      });
      const { count, sha256 } = await file.check();
      const selection = itemSelection(count, { limit: options.limit, sample: options.sample });
      const data = await readDataset(file, selection, maps, Math.min(options.latencySample, LATENCY_TEXTS));
      if (data.items.length === 0) {
        const mapped = maps.map((m) => Object.keys(m ?? {}).join(', ')).filter(Boolean);
        throw new CliError(
          `${options.data}: no item has a label that every model's --label-map maps (${mapped.join('; ')})`,
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
        const models: Array<{ model: string; labels: string[]; map: LabelMap | null; synthetic: boolean }> =
          [];
        for (const model of options.model) {
          const info = await gateway.getModel(model);
          if (info.labels.length === 0) {
            // Labels come from a worker that loaded the model; without one there is nothing to check the data against.
            const state = info.state.replace('MODEL_STATE_', '').toLowerCase();
            throw new CliError(
              `model ${model} is ${state}${info.stateReason ? ` (${info.stateReason})` : ''}: no worker reports its labels yet`,
            );
          }
          const own = labelMaps.get(model) ?? null;
          checkLabels(
            model,
            info.labels,
            new Set(data.items.map((item) => item.gold)),
            own,
            options.model.length > 1,
          );
          if (info.synthetic) {
            console.error(
              `sieve: warning: model ${model} serves synthetic (random) weights: its answers mean nothing`,
            );
          }
          models.push({ model, labels: info.labels, map: own, synthetic: info.synthetic });
        }
        await withBatchClient(options, async (client) => {
          for (const { model, labels, map: own, synthetic } of models) {
            const identity = {
              data: sha256,
              model,
              text: options.textField,
              label: options.labelField,
              map: own,
              // The items submitted depend on every model's map once models have maps of their own.
              ...(map === null && maps.some(Boolean) ? { maps } : {}),
              selection: selection.key,
              ...(options.fresh ? { fresh: Date.now() } : {}),
            };
            const started = performance.now();
            const { batch, reused, outcomes } = await runEvalBatch(client, {
              model,
              idempotencyKey: `eval:${createHash('sha256').update(JSON.stringify(identity)).digest('hex')}`,
              displayName: `eval ${basename(options.data)} ${options.labelField}`,
              items: submittedItems(file, selection, maps),
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
              wallSeconds: (performance.now() - started) / 1000,
              latencySamplesMs: await unaryLatencySample(gateway, model, data.texts, options.latencySample),
              labelMap: own,
              synthetic,
              memory: await memoryOf(model, metricsUrls.get(model)),
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
