import { HubError } from './hub-error.ts';

/** The connection broke mid-file; the bytes received so far stay in `<file>.incomplete` for the next attempt. */
export class DownloadInterruptedError extends HubError {
  readonly file: string;
  readonly receivedBytes: number;
  /** The network-level reason, e.g. `other side closed`. */
  readonly reason: string;

  constructor(file: string, receivedBytes: number, reason: string, options?: { cause?: unknown }) {
    super(
      `download of ${file} was interrupted after ${receivedBytes} bytes (${reason}); pull again to resume it`,
      options,
    );
    this.name = 'DownloadInterruptedError';
    this.file = file;
    this.receivedBytes = receivedBytes;
    this.reason = reason;
  }
}
