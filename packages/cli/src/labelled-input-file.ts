import { extname } from 'node:path';
import { CliError } from './cli-error.ts';
import { badLine, jsonObjectLines, scanInputFile } from './input-lines.ts';

/** Which JSON field holds what; the option that names each, for error messages. */
export interface LabelledFields {
  text: string;
  label: string;
  group?: string;
}

export interface LabelledItem {
  /** 1-based line in the file: the item's id in the batch, so that a failed item points back to its line. */
  line: number;
  text: string;
  label: string;
  group?: string;
}

const OPTION_OF = { text: '--text-field', label: '--label-field', group: '--group-by' } as const;

/**
 * A labelled JSONL file for `sieve eval` (one object per line, with configurable text, label and group fields),
 * read as a stream like `BatchInputFile`: `check()` reads it once and names the first wrong line and field, so
 * that a typo in a field name fails before any batch is submitted.
 */
export class LabelledInputFile {
  constructor(
    readonly path: string,
    readonly fields: LabelledFields,
  ) {
    if (!['.jsonl', '.ndjson'].includes(extname(path).toLowerCase())) {
      throw new CliError(`${path}: labelled data must be JSON lines (.jsonl)`, 2);
    }
  }

  /** Reads the whole file: the item count and a sha256 of its bytes. */
  check(): Promise<{ count: number; sha256: string }> {
    return scanInputFile(this.path, (stream) => this.items(stream));
  }

  /** The items in file order; throws a CliError naming `file:line` and the field at the first bad one. */
  async *items(stream?: NodeJS.ReadableStream): AsyncGenerator<LabelledItem> {
    for await (const { line, record } of jsonObjectLines(this.path, stream)) yield this.parse(record, line);
  }

  private parse(record: Record<string, unknown>, number: number): LabelledItem {
    const text = this.field(record, 'text', number);
    if (typeof text !== 'string') throw this.bad(number, `"${this.fields.text}" must be a string`);
    if (text.trim() === '')
      throw this.bad(number, `"${this.fields.text}" is ${text === '' ? 'empty' : 'only whitespace'}`);
    const label = this.field(record, 'label', number);
    // Numeric class ids (0, 1, 2) are common in labelled sets; they are labels like any other once written out.
    if (typeof label !== 'string' && typeof label !== 'number') {
      throw this.bad(number, `"${this.fields.label}" must be a string or a number`);
    }
    if (String(label) === '') throw this.bad(number, `"${this.fields.label}" is empty`);
    const item: LabelledItem = { line: number, text, label: String(label) };
    if (this.fields.group !== undefined) {
      const group = this.field(record, 'group', number);
      if (typeof group !== 'string' && typeof group !== 'number' && typeof group !== 'boolean') {
        throw this.bad(number, `"${this.fields.group}" must be a string, a number or a boolean`);
      }
      item.group = String(group);
    }
    return item;
  }

  private field(record: Record<string, unknown>, kind: keyof LabelledFields, line: number): unknown {
    const name = this.fields[kind]!;
    if (Object.hasOwn(record, name)) return record[name];
    const present = Object.keys(record)
      .map((key) => `"${key}"`)
      .join(', ');
    throw this.bad(
      line,
      `no field "${name}" (this line has ${present || 'no fields'}); choose it with ${OPTION_OF[kind]}`,
    );
  }

  private bad(line: number, problem: string): CliError {
    return badLine(this.path, line, problem);
  }
}
