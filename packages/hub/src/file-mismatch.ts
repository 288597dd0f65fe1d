// Its own file so that verifyModelDirectory, which finds mismatches, and ModelVerificationError, which reports them,
// both import it without importing each other.
export interface FileMismatch {
  /** Path relative to the model directory, as in the manifest. */
  path: string;
  problem: 'missing' | 'size' | 'sha256';
  /** Manifest value; empty for a missing file. */
  expected: string;
  actual: string;
}
