/** A model directory that cannot be served, naming the file at fault so an operator can fix it. */
export class ModelLoadError extends Error {
  readonly file: string;

  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
    this.name = 'ModelLoadError';
    this.file = file;
  }
}
