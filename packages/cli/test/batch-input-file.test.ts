import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchInputFile, type InputItem } from '../src/batch-input-file.ts';
import { CliError } from '../src/cli-error.ts';

const dir = mkdtempSync(join(tmpdir(), 'sieve-input-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): BatchInputFile {
  const path = join(dir, name);
  writeFileSync(path, content);
  return new BatchInputFile(path);
}

async function all(input: BatchInputFile): Promise<InputItem[]> {
  const items: InputItem[] = [];
  for await (const item of input.items()) items.push(item);
  return items;
}

async function failure(input: BatchInputFile): Promise<string> {
  try {
    await input.check();
  } catch (error) {
    assert.ok(error instanceof CliError);
    assert.equal(error.exitCode, 2);
    return error.message;
  }
  assert.fail('expected the file to be rejected');
}

describe('batch input files', () => {
  it('reads JSON lines with optional ids', async () => {
    const input = file('a.jsonl', '{"text":"hello","id":"m1"}\n{"text":"world"}\n{"text":"x","id":7}\n');
    assert.deepEqual(await all(input), [
      { id: 'm1', text: 'hello' },
      { id: '', text: 'world' },
      { id: '7', text: 'x' },
    ]);
    const checked = await input.check();
    assert.equal(checked.count, 3);
    assert.match(checked.sha256, /^[0-9a-f]{64}$/);
  });

  it('reads CSV with quoting, a BOM and an optional id column', async () => {
    const input = file('a.csv', '\uFEFFid,text\n1,"hello, ""world"""\n2,"two\nlines"\n');
    assert.deepEqual(await all(input), [
      { id: '1', text: 'hello, "world"' },
      { id: '2', text: 'two\nlines' },
    ]);
  });

  it('reads one text per line from .txt', async () => {
    assert.deepEqual(await all(file('a.txt', 'one\ntwo\n')), [
      { id: '', text: 'one' },
      { id: '', text: 'two' },
    ]);
  });

  it('skips blank and whitespace-only lines of .txt, as classify - does (issue 24)', async () => {
    const input = file('blank.txt', '\none\r\n\n  \t\nthree \n\n');
    assert.deepEqual(await all(input), [
      { id: '', text: 'one' },
      { id: '', text: 'three ' },
    ]);
    assert.equal((await input.check()).count, 2);
    assert.match(await failure(file('only-blank.txt', '\n \n\n')), /no items/);
  });

  it('names the file and line of the first problem', async () => {
    assert.match(
      await failure(file('b.jsonl', '{"text":"ok"}\n{"text":"ok"}\n{"txt":"typo"}\n')),
      /b\.jsonl:3: "text" must be a string; nothing was submitted/,
    );
    assert.match(await failure(file('c.jsonl', '{"text":"ok"}\nnot json\n')), /c\.jsonl:2: not JSON/);
    assert.match(
      await failure(file('d.jsonl', '{"text":"ok"}\n{"text":"  "}\n')),
      /d\.jsonl:2: text is only whitespace/,
    );
    assert.match(
      await failure(file('f.csv', 'message\nhi\n')),
      /f\.csv:1: the header row needs a "text" column/,
    );
    assert.match(await failure(file('g.csv', 'text\nok\n"unterminated\n')), /g\.csv: /);
    assert.match(await failure(file('h.jsonl', '')), /no items/);
    assert.throws(() => new BatchInputFile(join(dir, 'x.parquet')), /unknown input format/);
  });
});
