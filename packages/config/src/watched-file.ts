import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';

export interface WatchedFileOptions<T, E extends Error> {
  /** Path of the file. */
  file: string;
  /** Parses and validates the text; throws when it is invalid. */
  parse: (text: string, file: string) => T;
  /** Turns a read failure or a parse error into the caller's error type (naming the file and the problem). */
  toError: (file: string, problem: unknown) => E;
  /** Called with each new valid version (not for the initial load, which `open` returns). */
  onChange?: (value: T) => void;
  /** Called when a changed file is unreadable or invalid; the last good version stays in use. */
  onError?: (error: E) => void;
  /** Quiet time before a reload, so that an editor's or kubelet's several writes become one reload. Default 100 ms. */
  debounceMs?: number;
}

/**
 * A configuration file kept loaded and reloaded on change, without a restart (tenants, models).
 *
 * It watches the file's directory, not the file: Kubernetes updates a mounted Secret or ConfigMap by writing a new
 * timestamped directory and swapping the `..data` symlink, and editors save by renaming a temporary file over the
 * old one; a watch on the file itself would stay attached to the old inode and miss both. Any event in the directory
 * triggers a debounced re-read (through the symlinks) and re-validation; unchanged content is ignored.
 */
export class WatchedFile<T, E extends Error = Error> {
  private current: T;
  private lastText: string;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private reloading: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly options: WatchedFileOptions<T, E> & { debounceMs: number },
    value: T,
    text: string,
  ) {
    this.current = value;
    this.lastText = text;
  }

  /** Loads the file, throwing the caller's error if it is missing or invalid: a service must not start without it. */
  static async open<T, E extends Error>(options: WatchedFileOptions<T, E>): Promise<WatchedFile<T, E>> {
    const file = resolve(options.file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw options.toError(file, `cannot read: ${(error as Error).message}`);
    }
    let value: T;
    try {
      value = options.parse(text, file);
    } catch (error) {
      throw options.toError(file, error);
    }
    const watched = new WatchedFile<T, E>(
      { ...options, file, debounceMs: options.debounceMs ?? 100 },
      value,
      text,
    );
    watched.watcher = watch(dirname(file), { persistent: false }, () => watched.schedule());
    watched.watcher.on('error', (error) =>
      watched.options.onError?.(options.toError(file, `watching ${dirname(file)} failed: ${error.message}`)),
    );
    return watched;
  }

  /** The last valid version of the file. */
  get value(): T {
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
        this.options.toError(file, `cannot read ${basename(file)}: ${(error as Error).message}`),
      );
      return;
    }
    if (text === this.lastText) return;
    let value: T;
    try {
      value = this.options.parse(text, file);
    } catch (error) {
      this.options.onError?.(this.options.toError(file, error));
      return;
    }
    this.current = value;
    this.lastText = text;
    this.options.onChange?.(value);
  }
}
