import { HubError } from './hub-error.ts';
import type { FileMismatch } from './file-mismatch.ts';

/** A pulled model directory whose files no longer match its manifest: a worker must not serve it. */
export class ModelVerificationError extends HubError {
  readonly dir: string;
  readonly mismatches: readonly FileMismatch[];

  constructor(dir: string, mismatches: readonly FileMismatch[]) {
    const listed = mismatches.map(describeMismatch).join('; ');
    super(`${dir} does not match its manifest.json: ${listed}; pull the model again (sieve models pull)`);
    this.name = 'ModelVerificationError';
    this.dir = dir;
    this.mismatches = mismatches;
  }
}

function describeMismatch(mismatch: FileMismatch): string {
  if (mismatch.problem === 'missing') return `${mismatch.path} is missing`;
  return `${mismatch.path} has ${mismatch.problem} ${mismatch.actual}, expected ${mismatch.expected}`;
}
