import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CliError } from './cli-error.ts';

/** A wrong line of an input file: `file:line: problem; nothing was submitted` (exit code 2). */
export function badLine(path: string, line: number, problem: string): CliError {
  return new CliError(`${path}:${line}: ${problem}; nothing was submitted`, 2);
}

/**
 * Reads a whole input file once through its parser: how many items it has and the sha256 of its bytes (a stable
 * default idempotency key). The parser's first error, naming the line, stops it before anything is submitted.
 */
export async function scanInputFile(
  path: string,
  items: (stream: NodeJS.ReadableStream) => AsyncIterable<unknown>,
): Promise<{ count: number; sha256: string }> {
  const hash = createHash('sha256');
  const stream = createReadStream(path);
  stream.on('data', (chunk) => hash.update(chunk));
  let count = 0;
  for await (const item of items(stream)) {
    void item;
    count += 1;
  }
  if (count === 0) throw new CliError(`${path}: no items`, 2);
  return { count, sha256: hash.digest('hex') };
}

/**
 * One text per line, as `{ line, text }` with 1-based line numbers, streamed: the reader of `sieve classify -` and of
 * batch `.txt` files alike. Blank (empty or whitespace-only) lines are skipped, not texts: a trailing newline or a
 * paragraph break is no reason to refuse a file. Lines end at \n or \r\n; a text is otherwise kept as written.
 */
export async function* textLines(
  stream: NodeJS.ReadableStream,
): AsyncGenerator<{ line: number; text: string }> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() !== '') yield { line, text };
  }
}

/**
 * A JSON-lines file as `{ line, record }` pairs, streamed; a blank line, invalid JSON or a non-object names its line.
 * Read failures become one CliError naming the file.
 */
export async function* jsonObjectLines(
  path: string,
  stream: NodeJS.ReadableStream = createReadStream(path),
): AsyncGenerator<{ line: number; record: Record<string, unknown> }> {
  stream.on('error', () => undefined); // reported by the iteration below
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      if (text.trim() === '') throw badLine(path, line, 'empty line (each line must be a JSON object)');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw badLine(path, line, `not JSON: ${(error as Error).message}`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw badLine(path, line, 'expected a JSON object');
      }
      yield { line, record: value as Record<string, unknown> };
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path}: ${error instanceof Error ? error.message : String(error)}`, 2);
  }
}
