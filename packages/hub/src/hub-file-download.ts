import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { DownloadInterruptedError } from './download-interrupted-error.ts';
import { FileIntegrityError, type FileIntegrityErrorDetails } from './file-integrity-error.ts';
import { hashFileInto, sha256File } from './file-sha256.ts';
import type { HubClient, HubFileBody, HubFileHeaders, HubFileLocation } from './hub-client.ts';
import { HubResponseError } from './hub-response-error.ts';
import { HubUnreachableError } from './hub-unreachable-error.ts';
import type { ManifestFile } from './model-manifest.ts';
import { describeNetworkFailure } from './network-failure.ts';
import type { PullProgressEvent } from './pull-progress.ts';

export const INCOMPLETE_SUFFIX = '.incomplete';
const PROGRESS_INTERVAL_MS = 100;

export interface HubFileDownloadOptions {
  client: HubClient;
  location: HubFileLocation;
  /** Where the verified file ends up; bytes arrive in `<destination>.incomplete` until then. */
  destination: string;
  /** sha256 and size an earlier pull recorded: bytes that differ are refused. */
  recorded?: ManifestFile | undefined;
  /** Named in the error when `recorded` is contradicted. */
  manifestPath?: string | undefined;
  /** Further attempts after a broken connection or a server error; each resumes where the last one stopped. */
  retries: number;
  retryDelayMs: number;
  onProgress?: ((event: PullProgressEvent) => void) | undefined;
}

export interface DownloadedFile {
  path: string;
  sha256: string;
  size: number;
  /** Bytes kept from an earlier, interrupted attempt. */
  resumedFrom: number;
  headers: HubFileHeaders;
}

/**
 * Downloads one file with resume (Range from the size of `<destination>.incomplete`), checks it against the hub's
 * x-linked-etag/x-linked-size and against `recorded`, and only then renames it to `destination`.
 */
export async function downloadHubFile(options: HubFileDownloadOptions): Promise<DownloadedFile> {
  const reused = await reuseCompletedFile(options);
  if (reused) return reused;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await downloadOnce(options, true);
    } catch (error) {
      if (attempt > options.retries || !isTransient(error)) throw error;
      options.onProgress?.({
        type: 'file-retry',
        path: options.location.path,
        attempt,
        reason:
          error instanceof DownloadInterruptedError
            ? `connection broke after ${error.receivedBytes} bytes: ${error.reason}`
            : (error as Error).message,
      });
      await delay(options.retryDelayMs * 2 ** (attempt - 1));
    }
  }
}

function isTransient(error: unknown): boolean {
  return (
    error instanceof DownloadInterruptedError ||
    error instanceof HubUnreachableError ||
    (error instanceof HubResponseError && error.transient)
  );
}

/**
 * A file verified by an earlier pull that failed on a later file is still in the staging directory; it is kept
 * when its hash matches the record or the hub's checksum, so that a failure after the 541 MB graph costs no
 * second download of it.
 */
async function reuseCompletedFile(options: HubFileDownloadOptions): Promise<DownloadedFile | undefined> {
  const { destination, location } = options;
  const stats = await stat(destination).catch(() => undefined);
  if (!stats?.isFile()) return undefined;
  const sha256 = await sha256File(destination);
  let headers: HubFileHeaders = { commit: undefined, sha256: undefined, size: undefined };
  let expected = options.recorded?.sha256;
  if (!expected) {
    headers = await options.client.head(location);
    expected = headers.sha256;
  }
  if (expected !== sha256) {
    await rm(destination, { force: true });
    return undefined;
  }
  return { path: location.path, sha256, size: stats.size, resumedFrom: stats.size, headers };
}

async function downloadOnce(
  options: HubFileDownloadOptions,
  allowFreshRestart: boolean,
): Promise<DownloadedFile> {
  const { client, location, destination, onProgress } = options;
  const { path } = location;
  const incomplete = `${destination}${INCOMPLETE_SUFFIX}`;
  await mkdir(dirname(incomplete), { recursive: true });

  let have = (await stat(incomplete).catch(() => undefined))?.size ?? 0;
  let body = await client.get(location, have);
  if (body && body.status === 206 && body.offset !== have) {
    await body.cancel();
    body = undefined;
  }
  if (!body) {
    // The partial file is not a prefix the server can continue (as long as the file, or a range it ignored).
    await rm(incomplete, { force: true });
    have = 0;
    body = await client.get(location, 0);
    if (!body) throw rangeError(options);
  }
  try {
    checkHubAgainstRecord(options, body.headers);
  } catch (error) {
    await body.cancel();
    await rm(incomplete, { force: true });
    throw error;
  }
  const append = body.status === 206 && have > 0;
  if (!append) have = 0;

  const hash = createHash('sha256');
  if (append) await hashFileInto(hash, incomplete);
  const totalBytes = body.headers.size ?? body.totalBytes;
  onProgress?.({ type: 'file-start', path, totalBytes, resumedFrom: have });

  let received = have;
  let interruption: unknown;
  let reportedAt = 0;
  const chunks = body.chunks;
  // A broken connection ends the stream instead of failing it, so every byte received is flushed to the
  // partial file and the next attempt asks only for the rest.
  async function* counted(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of chunks) {
        hash.update(chunk);
        received += chunk.byteLength;
        // A report per 64 KiB chunk would cost more than the transfer on a fast link; ten a second is plenty.
        const now = performance.now();
        if (now - reportedAt >= PROGRESS_INTERVAL_MS) {
          reportedAt = now;
          onProgress?.({ type: 'file-progress', path, receivedBytes: received, totalBytes });
        }
        yield chunk;
      }
    } catch (error) {
      interruption = error;
    }
    onProgress?.({ type: 'file-progress', path, receivedBytes: received, totalBytes });
  }
  await pipeline(counted, createWriteStream(incomplete, { flags: append ? 'a' : 'w' }));
  if (interruption !== undefined) {
    throw new DownloadInterruptedError(path, received, describeNetworkFailure(interruption), {
      cause: interruption,
    });
  }

  const sha256 = hash.digest('hex');
  if (totalBytes !== undefined && received < totalBytes) {
    throw new DownloadInterruptedError(
      path,
      received,
      `the connection closed at ${received} of ${totalBytes} bytes`,
    );
  }
  const mismatch = findMismatch(options, body, { sha256, size: received });
  if (mismatch) {
    await rm(incomplete, { force: true });
    // A resumed prefix may come from an upload the hub has since replaced: one fresh download settles it.
    if (append && allowFreshRestart && mismatch.reference === 'hub') return downloadOnce(options, false);
    throw new FileIntegrityError(mismatch);
  }
  await rename(incomplete, destination);
  return { path, sha256, size: received, resumedFrom: have, headers: body.headers };
}

/** Refuses before downloading when the hub already says the bytes differ from the recorded ones. */
function checkHubAgainstRecord(options: HubFileDownloadOptions, headers: HubFileHeaders): void {
  const { recorded } = options;
  if (!recorded) return;
  if (headers.sha256 !== undefined && headers.sha256 !== recorded.sha256) {
    throw new FileIntegrityError(
      integrityDetails(options, 'manifest', 'sha256', recorded.sha256, headers.sha256),
    );
  }
  if (headers.size !== undefined && headers.size !== recorded.size) {
    throw new FileIntegrityError(
      integrityDetails(options, 'manifest', 'size', String(recorded.size), String(headers.size)),
    );
  }
}

function findMismatch(
  options: HubFileDownloadOptions,
  body: HubFileBody,
  actual: ManifestFile,
): FileIntegrityErrorDetails | undefined {
  const hubSize = body.headers.size ?? body.totalBytes;
  if (hubSize !== undefined && hubSize !== actual.size) {
    return integrityDetails(options, 'hub', 'size', String(hubSize), String(actual.size));
  }
  if (body.headers.sha256 !== undefined && body.headers.sha256 !== actual.sha256) {
    return integrityDetails(options, 'hub', 'sha256', body.headers.sha256, actual.sha256);
  }
  const { recorded } = options;
  if (recorded && recorded.sha256 !== actual.sha256) {
    return integrityDetails(options, 'manifest', 'sha256', recorded.sha256, actual.sha256);
  }
  if (recorded && recorded.size !== actual.size) {
    return integrityDetails(options, 'manifest', 'size', String(recorded.size), String(actual.size));
  }
  return undefined;
}

function integrityDetails(
  options: HubFileDownloadOptions,
  reference: 'hub' | 'manifest',
  property: 'sha256' | 'size',
  expected: string,
  actual: string,
): FileIntegrityErrorDetails {
  return {
    file: options.location.path,
    repo: options.location.repo,
    revision: options.location.revision,
    reference,
    property,
    expected,
    actual,
    manifestPath: options.manifestPath,
  };
}

function rangeError(options: HubFileDownloadOptions): HubResponseError {
  return new HubResponseError({
    status: 416,
    repo: options.location.repo,
    revision: options.location.revision,
    file: options.location.path,
    withToken: options.client.authenticated,
  });
}
