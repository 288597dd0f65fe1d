import { HubError } from './hub-error.ts';

/** A model directory without a usable manifest.json: not pulled, pulled by something else, or edited by hand. */
export class ManifestError extends HubError {
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(`${path}: ${problem}`, options);
    this.name = 'ManifestError';
    this.path = path;
  }
}
