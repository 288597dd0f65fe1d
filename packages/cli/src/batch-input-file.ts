import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { CliError } from './cli-error.ts';

export interface InputItem {
  id: string;
  text: string;
}

type Format = 'jsonl' | 'csv' | 'txt';

const FORMATS: Record<string, Format> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.txt': 'txt',
};

/**
 * A batch input file, read as a stream (a file of millions of lines is never held whole):
 * - `.jsonl`: one object per line, `{"text": "...", "id": "..."}` (`id` optional);
 * - `.csv`: a header row with a `text` column and optionally an `id` column (RFC 4180 quoting, by csv-parse);
 * - `.txt`: one text per line.
 * `check()` reads it once and names the first wrong line, so that nothing is submitted from a bad file.
 */
export class BatchInputFile {
  readonly format: Format;

  constructor(readonly path: string) {
    const format = FORMATS[extname(path).toLowerCase()];
    if (!format) throw new CliError(`${path}: unknown input format (use .jsonl, .csv or .txt)`, 2);
    this.format = format;
  }

  /** Reads the whole file: the item count and a sha256 of its bytes (the default idempotency key). */
  async check(): Promise<{ count: number; sha256: string }> {
    const hash = createHash('sha256');
    const stream = createReadStream(this.path);
    stream.on('data', (chunk) => hash.update(chunk));
    let count = 0;
    for await (const item of this.items(stream)) {
      void item;
      count += 1;
    }
    if (count === 0) throw new CliError(`${this.path}: no items`, 2);
    return { count, sha256: hash.digest('hex') };
  }

  /** The items in file order; throws a CliError naming `file:line` at the first bad one. */
  async *items(stream = createReadStream(this.path)): AsyncGenerator<InputItem> {
    stream.on('error', () => undefined); // reported by the iteration below
    try {
      if (this.format === 'csv') yield* this.csvItems(stream);
      else yield* this.lineItems(stream);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`${this.path}: ${error instanceof Error ? error.message : String(error)}`, 2);
    }
  }

  private async *lineItems(stream: NodeJS.ReadableStream): AsyncGenerator<InputItem> {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    let number = 0;
    for await (const line of lines) {
      number += 1;
      if (this.format === 'txt') {
        yield { id: '', text: this.checked(line, number) };
        continue;
      }
      if (line.trim() === '') throw this.bad(number, 'empty line (each line must be a JSON object)');
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw this.bad(number, `not JSON: ${(error as Error).message}`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw this.bad(number, 'expected an object like {"text": "...", "id": "..."}');
      }
      const { text, id } = value as { text?: unknown; id?: unknown };
      if (typeof text !== 'string') throw this.bad(number, '"text" must be a string');
      if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') {
        throw this.bad(number, '"id" must be a string or a number');
      }
      yield {
        id: this.checkedId(id === undefined ? '' : String(id), number),
        text: this.checked(text, number),
      };
    }
  }

  private async *csvItems(stream: NodeJS.ReadableStream): AsyncGenerator<InputItem> {
    const parser = stream.pipe(parse({ columns: true, info: true, bom: true, skip_empty_lines: true }));
    let checkedHeader = false;
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      if (!checkedHeader) {
        checkedHeader = true;
        if (!('text' in record)) throw this.bad(1, 'the header row needs a "text" column');
      }
      yield {
        id: this.checkedId(record.id ?? '', info.lines),
        text: this.checked(record.text ?? '', info.lines),
      };
    }
  }

  private checked(text: string, line: number): string {
    if (text.trim() === '') throw this.bad(line, text === '' ? 'empty text' : 'text is only whitespace');
    return text;
  }

  private checkedId(id: string, line: number): string {
    if (id.length > 256) throw this.bad(line, `id of ${id.length} characters exceeds the limit of 256`);
    return id;
  }

  private bad(line: number, problem: string): CliError {
    return new CliError(`${this.path}:${line}: ${problem}; nothing was submitted`, 2);
  }
}
