import { HubError } from './hub-error.ts';

/** A model argument that is neither a catalog name nor an `org/repo` id. */
export class UnknownModelError extends HubError {
  readonly model: string;

  constructor(model: string, catalogNames: readonly string[]) {
    super(
      `unknown model "${model}": expected a catalog name (${catalogNames.join(', ')}) or a Hugging Face ` +
        `repository id such as org/repo`,
    );
    this.name = 'UnknownModelError';
    this.model = model;
  }
}
