/** The models file did not parse or validate; `issues` name each path, e.g. `models[2].version`. */
export class ModelsFileError extends Error {
  override readonly name = 'ModelsFileError';
  constructor(
    readonly file: string,
    readonly issues: readonly string[],
  ) {
    super(`models file ${file} is invalid:\n  ${issues.join('\n  ')}`);
  }
}
