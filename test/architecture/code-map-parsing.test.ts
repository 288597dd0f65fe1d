// The readers code-map.test.ts relies on: the map's table, a file's imports, circles in an import graph.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { importCircles, importSpecifiers, parseFolderTable, resolveRelative } from './code-map.ts';

describe('parseFolderTable', () => {
  it('reads folder, job and depends-on of the folder table, `—` as none, and stops at its end', () => {
    const page = [
      '| other | table |',
      '| ----- | ----- |',
      '| `x` | y |',
      '',
      '| folder | job | depends on |',
      '| --- | --- | --- |',
      '| `proto/sieve/v1/` | the contract | — |',
      '| `packages/cli` | the command | api, hub |',
      '',
      '| `packages/after` | not in the table | api |',
    ].join('\n');
    assert.deepEqual(parseFolderTable(page), [
      { folder: 'proto/sieve/v1', job: 'the contract', dependsOn: [] },
      { folder: 'packages/cli', job: 'the command', dependsOn: ['api', 'hub'] },
    ]);
  });
});

describe('importSpecifiers', () => {
  it('finds imports, type-only ones included, side-effect imports and re-exports, across lines', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type { B } from './b.ts';",
      'import {',
      '  c,',
      '  type D,',
      "} from '@sieve/c';",
      "import './side-effect.ts';",
      "export { e } from './e.ts';",
      "export type { F } from './f.ts';",
      "export const g = 'not-a-module';",
      " * import x from './in-a-comment.ts' (not at a statement's start: a doc comment line starts with *)",
      "const h = await import('./dynamic.ts');",
    ].join('\n');
    assert.deepEqual(importSpecifiers(source), [
      './a.ts',
      './b.ts',
      '@sieve/c',
      './side-effect.ts',
      './e.ts',
      './f.ts',
    ]);
  });
});

describe('resolveRelative', () => {
  it('finds the file as written, with .ts, or as a folder index', () => {
    const files = new Set(['/p/src/a.ts', '/p/src/gen/b.ts', '/p/src/dir/index.ts']);
    assert.equal(resolveRelative('/p/src/x.ts', './a.ts', files), '/p/src/a.ts');
    assert.equal(resolveRelative('/p/src/gen/y.ts', '../gen/b', files), '/p/src/gen/b.ts');
    assert.equal(resolveRelative('/p/src/x.ts', './dir', files), '/p/src/dir/index.ts');
    assert.equal(resolveRelative('/p/src/x.ts', '../outside.ts', files), undefined);
  });
});

describe('importCircles', () => {
  it('reports each circle once and nothing for a graph that only points down', () => {
    const graph = new Map([
      ['a', ['b', 'd']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', []],
      ['e', ['d']],
    ]);
    assert.deepEqual(importCircles(graph), [['a', 'b', 'c', 'a']]);
    assert.deepEqual(
      importCircles(
        new Map([
          ['x', ['y']],
          ['y', []],
        ]),
      ),
      [],
    );
  });
});
