import { badLine, scanInputFile } from './input-lines.ts';
import { LabelledInputFile, type LabelledFields, type LabelledItem } from './labelled-input-file.ts';

export interface TrainingExample {
  text: string;
  label: string;
}

/**
 * Labelled JSON lines for `sieve heads train`: a LabelledInputFile (configurable text and label fields) whose every
 * label must be one of the head's labels; a line with another label is named before anything is sent.
 */
export class TrainingExamplesFile {
  private readonly input: LabelledInputFile;
  private readonly labels: ReadonlySet<string>;

  constructor(
    readonly path: string,
    fields: Omit<LabelledFields, 'group'>,
    labels: readonly string[],
  ) {
    this.input = new LabelledInputFile(path, fields);
    this.labels = new Set(labels);
  }

  /** Reads the whole file once: the examples per label and a sha256 of its bytes. */
  async check(): Promise<{ count: number; sha256: string; perLabel: Map<string, number> }> {
    const perLabel = new Map([...this.labels].map((label) => [label, 0]));
    const scanned = await scanInputFile(this.path, (stream) => this.checked(stream, perLabel));
    return { ...scanned, perLabel };
  }

  async *examples(): AsyncGenerator<TrainingExample> {
    for await (const item of this.checked()) yield { text: item.text, label: item.label };
  }

  private async *checked(
    stream?: NodeJS.ReadableStream,
    perLabel?: Map<string, number>,
  ): AsyncGenerator<LabelledItem> {
    for await (const item of this.input.items(stream)) {
      if (!this.labels.has(item.label)) {
        throw badLine(
          this.path,
          item.line,
          `label "${item.label}" is not one of --labels ${[...this.labels].join(',')}`,
        );
      }
      perLabel?.set(item.label, perLabel.get(item.label)! + 1);
      yield item;
    }
  }
}
