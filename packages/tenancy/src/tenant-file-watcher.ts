import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { TenantDirectory } from './tenant-directory.ts';
import { TenantFileError, TenancyError } from './tenancy-errors.ts';

export interface TenantFileWatcherOptions {
  /** Path of the tenants file (YAML or JSON). */
  file: string;
  /** Called with each new valid version (not for the initial load, which `open` returns). */
  onChange?: (directory: TenantDirectory) => void;
  /** Called when a changed file is unreadable or invalid; the last good directory stays in use. */
  onError?: (error: TenantFileError) => void;
  /** Quiet time before a reload, so that an editor's or kubelet's several writes become one reload. Default 100 ms. */
  debounceMs?: number;
}

/**
 * Keeps the tenants file loaded and reloads it on change, without a restart.
 *
 * It watches the file's directory, not the file: Kubernetes updates a mounted Secret or ConfigMap by writing a new
 * timestamped directory and swapping the `..data` symlink, and editors save by renaming a temporary file over the
 * old one; a watch on the file itself would stay attached to the old inode and miss both. Any event in the directory
 * triggers a debounced re-read (through the symlinks) and re-validation; unchanged content is ignored.
 */
export class TenantFileWatcher {
  private current: TenantDirectory;
  private lastText: string;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private reloading: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly options: TenantFileWatcherOptions & { file: string; debounceMs: number },
    directory: TenantDirectory,
    text: string,
  ) {
    this.current = directory;
    this.lastText = text;
  }

  /** Loads the file (throwing TenantFileError if it is missing or invalid: a service must not start without it). */
  static async open(options: TenantFileWatcherOptions): Promise<TenantFileWatcher> {
    const file = resolve(options.file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new TenantFileError(file, [`cannot read: ${(error as Error).message}`]);
    }
    const watcher = new TenantFileWatcher(
      { ...options, file, debounceMs: options.debounceMs ?? 100 },
      TenantDirectory.parse(text, file),
      text,
    );
    watcher.watcher = watch(dirname(file), { persistent: false }, () => watcher.schedule());
    watcher.watcher.on('error', (error) =>
      watcher.options.onError?.(
        new TenantFileError(file, [`watching ${dirname(file)} failed: ${error.message}`]),
      ),
    );
    return watcher;
  }

  /** The last valid version of the file. */
  get directory(): TenantDirectory {
    return this.current;
  }

  get file(): string {
    return this.options.file;
  }

  /** Re-reads now (also what a change event does after the debounce). Resolves when the reload is done. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.reloadOnce());
    return this.reloading;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.watcher?.close();
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), this.options.debounceMs);
  }

  private async reloadOnce(): Promise<void> {
    if (this.closed) return;
    const { file } = this.options;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      // Mid-swap the file can be briefly missing; the next event reloads it, and the old version stays meanwhile.
      this.options.onError?.(
        new TenantFileError(file, [`cannot read ${basename(file)}: ${(error as Error).message}`]),
      );
      return;
    }
    if (text === this.lastText) return;
    try {
      const directory = TenantDirectory.parse(text, file);
      this.current = directory;
      this.lastText = text;
      this.options.onChange?.(directory);
    } catch (error) {
      if (!(error instanceof TenancyError)) throw error;
      this.options.onError?.(
        error instanceof TenantFileError ? error : new TenantFileError(file, [error.message]),
      );
    }
  }
}
