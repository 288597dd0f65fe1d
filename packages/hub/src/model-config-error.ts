import { HubError } from './hub-error.ts';

/** A pulled config.json that sieve could not serve: caught before the large ONNX files are fetched. */
export class ModelConfigError extends HubError {
  readonly file: string;

  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
    this.name = 'ModelConfigError';
    this.file = file;
  }
}
