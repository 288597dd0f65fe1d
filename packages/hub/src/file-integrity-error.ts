import { HubError } from './hub-error.ts';

/** What the bytes were checked against: the hub's own checksum header, or the manifest of the first pull. */
export type IntegrityReference = 'hub' | 'manifest';

export interface FileIntegrityErrorDetails {
  file: string;
  repo: string;
  revision: string;
  reference: IntegrityReference;
  property: 'sha256' | 'size';
  expected: string;
  actual: string;
  /** The manifest.json whose record was contradicted (reference `manifest`). */
  manifestPath?: string | undefined;
}

/** Downloaded bytes that are not the bytes they should be; they were discarded, never moved into place. */
export class FileIntegrityError extends HubError {
  readonly file: string;
  readonly reference: IntegrityReference;
  readonly expected: string;
  readonly actual: string;

  constructor(details: FileIntegrityErrorDetails) {
    super(describe(details));
    this.name = 'FileIntegrityError';
    this.file = details.file;
    this.reference = details.reference;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

function describe(details: FileIntegrityErrorDetails): string {
  const { file, repo, revision, property, expected, actual } = details;
  const subject = `${file} of ${repo}@${revision}`;
  if (details.reference === 'hub') {
    return (
      `${subject}: downloaded ${property} ${actual} does not match the hub's ` +
      `${property === 'sha256' ? 'x-linked-etag' : 'x-linked-size'} ${expected}; the download was discarded ` +
      `(a corrupted transfer or a misbehaving proxy: pull again)`
    );
  }
  return (
    `${subject}: the hub now serves ${property} ${actual}, but ${details.manifestPath ?? 'the manifest'} recorded ` +
    `${expected} at the first pull; refusing the changed file (to accept a new upload, pull it explicitly with ` +
    `--revision <branch or commit>)`
  );
}
