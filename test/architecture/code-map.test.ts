// docs/ARCHITECTURE.md is the map of the code; this checks that the code still matches it: every package and service
// folder has its row, each package's "depends on" cell is what its package.json depends on, arrows point down (no
// package imports a service or a package the map lists above it; `runtime` and `batching` import no package of ours)
// and no folder's files import each other in a circle.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { importCircles, importSpecifiers, parseFolderTable, resolveRelative } from './code-map.ts';

const root = new URL('../..', import.meta.url).pathname;
const rows = parseFolderTable(readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8'));
const rowOf = new Map(rows.map((row) => [row.folder, row]));

/** `packages/api`, `services/gateway`, ...: every folder the map must name. */
const folders = ['packages', 'services'].flatMap((top) =>
  readdirSync(join(root, top), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${top}/${entry.name}`),
);
const packages = folders.filter((folder) => folder.startsWith('packages/'));

function typeScriptFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (file: string) => importSpecifiers(readFileSync(file, 'utf8'));

describe('docs/ARCHITECTURE.md', () => {
  it('has a row for every package and service folder', () => {
    assert.deepEqual(
      folders.filter((folder) => !rowOf.has(folder)),
      [],
    );
  });

  it('lists, for each package, exactly the @sieve packages its package.json depends on (dependencies, not dev)', () => {
    const wrong = packages.flatMap((folder) => {
      const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
      };
      const dependsOn = Object.keys(manifest.dependencies ?? {})
        .filter((name) => name.startsWith('@sieve/'))
        .map((name) => name.slice('@sieve/'.length))
        .sort()
        .join(', ');
      const mapped = [...(rowOf.get(folder)?.dependsOn ?? [])].sort().join(', ');
      return mapped === dependsOn ? [] : [`${folder}: the map says "${mapped}", package.json "${dependsOn}"`];
    });
    assert.deepEqual(wrong, []);
  });
});

describe('arrows point down', () => {
  it('no package imports a service', () => {
    const upward = packages.flatMap((folder) =>
      typeScriptFiles(join(root, folder)).flatMap((file) =>
        importsOf(file)
          .filter((specifier) => /^@sieve\/(gateway|worker)(\/|$)|(^|\/)services\//.test(specifier))
          .map((specifier) => `${relative(root, file)} imports ${specifier}`),
      ),
    );
    assert.deepEqual(upward, []);
  });

  it('a package imports only packages listed below it in the map (its src, not its tests)', () => {
    const position = new Map(rows.map((row, index) => [row.folder, index]));
    const upward = packages.flatMap((folder) =>
      typeScriptFiles(join(root, folder, 'src')).flatMap((file) =>
        importsOf(file)
          .map((specifier) => /^@sieve\/([^/]+)/.exec(specifier)?.[1])
          .filter((name): name is string => name !== undefined && `packages/${name}` !== folder)
          .filter((name) => !((position.get(`packages/${name}`) ?? -1) > (position.get(folder) ?? Infinity)))
          .map(
            (name) => `${relative(root, file)} imports @sieve/${name}, which the map lists above ${folder}`,
          ),
      ),
    );
    assert.deepEqual([...new Set(upward)], []);
  });

  it('runtime and batching import no other package of ours', () => {
    for (const folder of ['packages/runtime', 'packages/batching']) {
      const ours = typeScriptFiles(join(root, folder, 'src')).flatMap((file) =>
        importsOf(file)
          .filter((specifier) => specifier.startsWith('@sieve/'))
          .map((specifier) => `${relative(root, file)} imports ${specifier}`),
      );
      assert.deepEqual(ours, [], folder);
    }
  });
});

describe('no import circles', () => {
  for (const folder of folders) {
    it(`among the files of ${folder}/src`, () => {
      const src = join(root, folder, 'src');
      const files = typeScriptFiles(src);
      const known = new Set(files);
      const graph = new Map<string, string[]>();
      const unresolved: string[] = [];
      for (const file of files) {
        const targets: string[] = [];
        for (const specifier of importsOf(file).filter((specifier) => specifier.startsWith('.'))) {
          const target = resolveRelative(file, specifier, known);
          if (target) targets.push(target);
          // a relative import outside src/ (or misread) would hide an edge: say so rather than skip it
          else unresolved.push(`${relative(root, file)}: ${specifier}`);
        }
        graph.set(file, targets);
      }
      assert.deepEqual(unresolved, [], 'relative imports that name no file under src/');
      assert.deepEqual(
        importCircles(graph).map((circle) => circle.map((file) => relative(src, file)).join(' -> ')),
        [],
      );
    });
  }
});
