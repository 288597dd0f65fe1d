import { WatchedFile } from '@sieve/config';
import { TenantDirectory } from './tenant-directory.ts';
import { TenantFileError } from './tenancy-errors.ts';

export interface TenantFileWatcherOptions {
  /** Path of the tenants file (YAML or JSON). */
  file: string;
  /** Called with each new valid version (not for the initial load, which `open` returns). */
  onChange?: (directory: TenantDirectory) => void;
  /** Called when a changed file is unreadable or invalid; the last good directory stays in use. */
  onError?: (error: TenantFileError) => void;
  /** Quiet time before a reload. Default 100 ms. */
  debounceMs?: number;
}

/** The tenants file kept loaded and reloaded on change (a mounted Secret's symlink swap included); see WatchedFile. */
export class TenantFileWatcher {
  private constructor(private readonly watched: WatchedFile<TenantDirectory, TenantFileError>) {}

  /** Loads the file (throwing TenantFileError if it is missing or invalid: a service must not start without it). */
  static async open(options: TenantFileWatcherOptions): Promise<TenantFileWatcher> {
    return new TenantFileWatcher(
      await WatchedFile.open<TenantDirectory, TenantFileError>({
        ...options,
        parse: (text, file) => TenantDirectory.parse(text, file),
        toError: (file, problem) =>
          problem instanceof TenantFileError
            ? problem
            : new TenantFileError(file, [problem instanceof Error ? problem.message : String(problem)]),
      }),
    );
  }

  /** The last valid version of the file. */
  get directory(): TenantDirectory {
    return this.watched.value;
  }

  get file(): string {
    return this.watched.file;
  }

  reload(): Promise<void> {
    return this.watched.reload();
  }

  close(): void {
    this.watched.close();
  }
}
