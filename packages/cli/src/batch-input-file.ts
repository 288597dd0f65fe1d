import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import { CliError } from './cli-error.ts';
import { badLine, jsonObjectLines, scanInputFile, textLines } from './input-lines.ts';

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
 * - `.txt`: one text per line; blank (whitespace-only) lines are skipped, as `sieve classify -` skips them.
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
  check(): Promise<{ count: number; sha256: string }> {
    return scanInputFile(this.path, (stream) => this.items(stream));
  }

  /** The items in file order; throws a CliError naming `file:line` at the first bad one. */
  async *items(stream: NodeJS.ReadableStream = createReadStream(this.path)): AsyncGenerator<InputItem> {
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
    if (this.format === 'txt') {
      for await (const { text } of textLines(stream)) yield { id: '', text };
      return;
    }
    for await (const { line, record } of jsonObjectLines(this.path, stream)) {
      const { text, id } = record as { text?: unknown; id?: unknown };
      if (typeof text !== 'string') throw this.bad(line, '"text" must be a string');
      if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') {
        throw this.bad(line, '"id" must be a string or a number');
      }
      yield { id: this.checkedId(id === undefined ? '' : String(id), line), text: this.checked(text, line) };
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
    return badLine(this.path, line, problem);
  }
}
