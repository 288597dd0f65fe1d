import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../src/cli-error.ts';
import { LabelledInputFile, type LabelledFields, type LabelledItem } from '../src/labelled-input-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'sieve-labelled-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function file(content: string, fields: LabelledFields = { text: 'text', label: 'label' }): LabelledInputFile {
  const path = join(dir, 'data.jsonl');
  writeFileSync(path, content);
  return new LabelledInputFile(path, fields);
}

async function all(input: LabelledInputFile): Promise<LabelledItem[]> {
  const items: LabelledItem[] = [];
  for await (const item of input.items()) items.push(item);
  return items;
}

async function failure(input: LabelledInputFile): Promise<string> {
  try {
    await input.check();
  } catch (error) {
    assert.ok(error instanceof CliError);
    assert.equal(error.exitCode, 2);
    return error.message;
  }
  assert.fail('expected the check to fail');
}

describe('labelled input file', () => {
  it('reads text, label and group from the named fields, numbers as labels, with line numbers', async () => {
    const input = file(
      '{"body": "good", "stars": 5, "lang": "en"}\n{"body": "bad", "stars": "1", "lang": "de"}\n',
      {
        text: 'body',
        label: 'stars',
        group: 'lang',
      },
    );
    assert.deepEqual(await all(input), [
      { line: 1, text: 'good', label: '5', group: 'en' },
      { line: 2, text: 'bad', label: '1', group: 'de' },
    ]);
    assert.equal((await input.check()).count, 2);
  });

  it('names the line, the missing field, the fields there are and the option to choose another', async () => {
    const message = await failure(
      file('{"text": "a", "label": "x", "lang": "en"}\n{"text": "b", "label": "y"}\n', {
        text: 'text',
        label: 'label',
        group: 'lang',
      }),
    );
    assert.match(
      message,
      /data\.jsonl:2: no field "lang" \(this line has "text", "label"\); choose it with --group-by; nothing was submitted$/,
    );
  });

  it('refuses wrong types, empty texts and lines that are not objects', async () => {
    assert.match(await failure(file('{"text": 1, "label": "x"}\n')), /:1: "text" must be a string/);
    assert.match(await failure(file('{"text": "  ", "label": "x"}\n')), /:1: "text" is only whitespace/);
    assert.match(
      await failure(file('{"text": "a", "label": null}\n')),
      /:1: "label" must be a string or a number/,
    );
    assert.match(await failure(file('{"text": "a", "label": "x"}\n[1]\n')), /:2: expected a JSON object/);
    assert.match(await failure(file('{"text": "a", "label": "x"}\n{oops\n')), /:2: not JSON/);
    assert.match(await failure(file('')), /no items/);
  });

  it('takes only JSON lines', () => {
    assert.throws(
      () => new LabelledInputFile(join(dir, 'data.csv'), { text: 'text', label: 'label' }),
      /must be JSON lines/,
    );
  });
});
