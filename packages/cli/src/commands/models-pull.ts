import { Command, InvalidArgumentError, Option } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import {
  DEFAULT_HUB_ENDPOINT,
  DEFAULT_HUB_TIMEOUT_MS,
  DEFAULT_MODEL_NAME,
  MODEL_CATALOG,
  findCatalogModel,
  pullModel,
  type ModelDtype,
  type PullProgressEvent,
  type PulledModel,
} from '@sieve/hub';
import { CliError } from '../cli-error.ts';
import { DEFAULT_STORE_MODEL, modelStoreDir, STORE_NAME } from '../model-store.ts';
import { userPath } from '../user-path.ts';

interface PullCommandOptions {
  dtype?: ModelDtype | 'all';
  dir?: string;
  name?: string;
  revision?: string;
  allowUnpinned: boolean;
  progress: boolean;
  endpoint?: string;
  timeout: number;
}

/** `sieve models pull [MODEL]`: fetches a model from the Hugging Face Hub into the model store, verified. */
export function modelsPullCommand(): Command {
  const catalog = MODEL_CATALOG.map((model) => `${model.name} (${model.repo})`).join(', ');
  return new Command('pull')
    .description(
      'download a model from the Hugging Face Hub into <store>/<name>/<commit>/ with a manifest.json of sha256s ' +
        '(written last: `pnpm start` never serves an interrupted pull), and print that path; ' +
        'the first pull pins the commit, later pulls stay on it and refuse changed files. Interrupted downloads ' +
        'resume. HF_TOKEN is sent for private or gated repositories',
    )
    .argument(
      '[model]',
      `a catalog name or any org/repo ONNX export; catalog: ${catalog}`,
      DEFAULT_MODEL_NAME,
    )
    .addOption(
      new Option(
        '--dtype <dtype>',
        'ONNX graphs to fetch (default: fp32, or those an earlier pull fetched); int8 is for CPUs, fp16 for GPUs ' +
          '(converted from fp32 where the repository has no onnx/model_fp16.onnx)',
      ).choices(['fp32', 'int8', 'fp16', 'all']),
    )
    .option('--dir <dir>', `model store (default: $SIEVE_MODEL_STORE or ${modelStoreDir()})`)
    .option(
      '--name <name>',
      `model name in the store (default: ${DEFAULT_STORE_MODEL} for ${DEFAULT_MODEL_NAME}, else the catalog name)`,
    )
    .option(
      '--revision <rev>',
      "branch, tag or commit (default: the catalog's pinned commit, else the commit an earlier pull recorded, else main)",
    )
    .option(
      '--allow-unpinned',
      'take a commit other than the one the catalog pins (refused without it, naming both)',
      false,
    )
    .option('--endpoint <url>', `hub base URL (default: $HF_ENDPOINT or ${DEFAULT_HUB_ENDPOINT})`, httpUrl)
    .option(
      '--timeout <seconds>',
      'bound on connecting, on each response and on a stalled download',
      positiveSeconds,
      DEFAULT_HUB_TIMEOUT_MS / 1000,
    )
    .option('--no-progress', 'no progress on stderr')
    .action(async (model: string, options: PullCommandOptions) => {
      const modelsDir = options.dir ? userPath(options.dir) : modelStoreDir();
      // The default model goes under the name the docs and `pnpm start` use.
      const storeName = options.name ?? (model === DEFAULT_MODEL_NAME ? DEFAULT_STORE_MODEL : undefined);
      if (storeName !== undefined && !STORE_NAME.test(storeName))
        throw new CliError(
          `--name ${JSON.stringify(storeName)}: a model name is letters, digits, . _ - (one folder)`,
          2,
        );
      const reporter = new PullProgressReporter(process.stderr, options.progress);
      let pulled: PulledModel;
      try {
        pulled = await pullModel({
          model,
          modelsDir,
          ...(storeName ? { storeName } : {}),
          timeoutMs: Math.round(options.timeout * 1000),
          onProgress: (event) => reporter.report(event),
          ...(options.dtype ? { dtype: options.dtype } : {}),
          ...(options.revision ? { revision: options.revision } : {}),
          ...(options.allowUnpinned ? { allowUnpinned: true } : {}),
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        });
      } finally {
        // The error line, if any, must start on a line of its own rather than after a half-drawn bar.
        reporter.stop();
      }
      console.error(`sieve: ${summarize(pulled)}`);
      const source = findCatalogModel(model);
      if (source && source.pinnedCommit === null) {
        // Trust on first use, said out loud: nobody has vouched for this commit yet.
        console.error(`sieve: ${source.name} is not pinned by the catalog (${source.pinNote})`);
      } else if (source && source.pinnedCommit !== pulled.manifest.source.revision) {
        console.error(`sieve: warning: not the pinned commit ${source.pinnedCommit} (--allow-unpinned)`);
      }
      console.log(pulled.dir);
    });
}

function summarize(pulled: PulledModel): string {
  const { manifest } = pulled;
  const files = Object.entries(manifest.files)
    .map(([path, file]) => `${path} ${formatBytes(file.size)}`)
    .join(', ');
  const total = Object.values(manifest.files).reduce((sum, file) => sum + file.size, 0);
  const what = pulled.upToDate
    ? `${manifest.name} is up to date (every file verified) in ${pulled.dir}`
    : `pulled ${manifest.name} into ${pulled.dir} (${pulled.downloaded.length} file(s) downloaded)`;
  return (
    `${what}: ${manifest.source.repo} at commit ${manifest.source.revision}, ${manifest.dtypes.join('+')}, ` +
    `labels ${manifest.labels.join('/')}; ${files}; ${formatBytes(total)} in all`
  );
}

/**
 * Per-file progress on stderr: a bar with bytes, rate and ETA on a terminal; one line per file otherwise, so logs
 * and CI output stay readable.
 */
class PullProgressReporter {
  readonly #stream: NodeJS.WriteStream;
  readonly #interactive: boolean;
  readonly #quiet: boolean;
  #bar: SingleBar | undefined;
  #file: { path: string; resumedFrom: number; started: number } | undefined;

  constructor(stream: NodeJS.WriteStream, enabled: boolean) {
    this.#stream = stream;
    this.#interactive = enabled && stream.isTTY === true;
    this.#quiet = !enabled;
  }

  report(event: PullProgressEvent): void {
    switch (event.type) {
      case 'resolved':
        this.#line(
          event.pinned
            ? `${event.repo} at commit ${event.commit} (recorded by an earlier pull) -> ${event.dir}`
            : `${event.repo}: ${event.revision} is commit ${event.commit} -> ${event.dir}`,
        );
        break;
      case 'file-start':
        this.#file = { path: event.path, resumedFrom: event.resumedFrom, started: Date.now() };
        if (this.#interactive && event.totalBytes !== undefined)
          this.#startBar(event.path, event.totalBytes, event.resumedFrom);
        break;
      case 'file-progress':
        this.#bar?.update(event.receivedBytes, this.#payload(event.receivedBytes));
        break;
      case 'file-retry':
        this.stop();
        this.#line(`${event.path}: attempt ${event.attempt} failed (${event.reason}); resuming`);
        break;
      case 'file-done':
        this.stop();
        this.#line(`${event.path}: ${this.#doneText(event.size, event.outcome)}`);
        this.#file = undefined;
        break;
      case 'file-skipped':
        this.#line(`${event.path}: skipped (${event.reason})`);
        break;
    }
  }

  stop(): void {
    this.#bar?.stop();
    this.#bar = undefined;
  }

  #startBar(path: string, totalBytes: number, resumedFrom: number): void {
    this.#bar = new SingleBar(
      {
        stream: this.#stream,
        format: `${path} [{bar}] {percentage}% | {received} / {total_size} | {rate} | ETA {eta_formatted}`,
        etaBuffer: 50,
        fps: 10,
        clearOnComplete: true,
        hideCursor: false,
      },
      Presets.shades_classic,
    );
    this.#bar.start(totalBytes, resumedFrom, {
      ...this.#payload(resumedFrom),
      total_size: formatBytes(totalBytes),
    });
  }

  #payload(receivedBytes: number): { received: string; rate: string } {
    return { received: formatBytes(receivedBytes), rate: `${formatBytes(this.#rate(receivedBytes))}/s` };
  }

  #rate(receivedBytes: number): number {
    if (!this.#file) return 0;
    const seconds = (Date.now() - this.#file.started) / 1000;
    return seconds > 0 ? (receivedBytes - this.#file.resumedFrom) / seconds : 0;
  }

  #doneText(size: number, outcome: 'verified' | 'downloaded' | 'converted'): string {
    if (outcome === 'verified') return `${formatBytes(size)}, already present, sha256 verified`;
    if (outcome === 'converted') return `${formatBytes(size)}, converted from the fp32 graph here`;
    const seconds = this.#file ? (Date.now() - this.#file.started) / 1000 : 0;
    const resumed = this.#file?.resumedFrom ? `, resumed at ${formatBytes(this.#file.resumedFrom)}` : '';
    return (
      `${formatBytes(size)} downloaded in ${seconds.toFixed(1)} s (${formatBytes(this.#rate(size))}/s${resumed}), ` +
      `sha256 verified`
    );
  }

  #line(text: string): void {
    if (this.#quiet) return;
    this.#stream.write(`${text}\n`);
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`expected an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError(`expected an http(s) URL, got "${value}"`);
  }
  return value;
}

function positiveSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new InvalidArgumentError(`expected seconds > 0, got "${value}"`);
  return seconds;
}
