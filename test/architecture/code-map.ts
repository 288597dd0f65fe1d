// Pure: what the code map test compares. The folder table of docs/ARCHITECTURE.md read as rows, the imports of a
// source file, and the import circles among a folder's files.
import { dirname, join, normalize } from 'node:path';

export interface MapRow {
  /** The folder as the first cell names it, without backticks or a trailing slash: `packages/api`. */
  folder: string;
  job: string;
  /** The "depends on" cell: short package names (`api`, `runtime`), or `—` for none (an empty list here). */
  dependsOn: string[];
}

/** The rows of the first table whose header starts with `folder`; other tables and text are ignored. */
export function parseFolderTable(markdown: string): MapRow[] {
  const lines = markdown.split('\n');
  const header = lines.findIndex((line) => /^\|\s*folder\s*\|/.test(line));
  if (header === -1) throw new Error('no table with a "folder" column');
  const rows: MapRow[] = [];
  // header, then the |---| separator, then rows until the first line that is not a table row
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .slice(1, line.lastIndexOf('|'))
      .split('|')
      .map((cell) => cell.trim());
    const [folder = '', job = '', dependsOn = ''] = cells;
    rows.push({
      folder: folder.replace(/`/g, '').replace(/\/$/, ''),
      job,
      dependsOn: dependsOn === '—' || dependsOn === '' ? [] : dependsOn.split(',').map((name) => name.trim()),
    });
  }
  return rows;
}

// `import ... from '...'`, `import '...'` and `export ... from '...'` (a statement's head may span lines, never a `;`).
const STATIC_IMPORT = /^[ \t]*(import|export)(\s[^;'"]*?\bfrom\s*|\s*)['"]([^'"]+)['"]/gm;

/**
 * Every module specifier a file imports or re-exports statically, `import type` included: a type-only import
 * vanishes at run time, so it cannot make a load-time circle, but it still says one file needs another, and the map's
 * "no import circles" is about that (each of the circles issue 25 found had one type-only side). Dynamic `import()`
 * is left out.
 */
export function importSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  for (const [, keyword, head = '', specifier = ''] of source.matchAll(STATIC_IMPORT)) {
    // `export const x = '...'` is not a re-export
    if (keyword === 'export' && !/\bfrom\s*$/.test(head)) continue;
    specifiers.push(specifier);
  }
  return specifiers;
}

/** The file a relative specifier of `fromFile` names, among `files`: as written, or with `.ts` or `/index.ts`. */
export function resolveRelative(
  fromFile: string,
  specifier: string,
  files: ReadonlySet<string>,
): string | undefined {
  const base = normalize(join(dirname(fromFile), specifier));
  return [base, `${base}.ts`, join(base, 'index.ts')].find((candidate) => files.has(candidate));
}

/** Each import circle once, as the files along it (the first repeated at the end), found by depth-first search. */
export function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const circles: string[][] = [];
  const seen = new Set<string>();
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): void => {
    seen.add(file);
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!seen.has(next)) visit(next);
      else if (!done.has(next)) circles.push([...path.slice(path.indexOf(next)), next]);
    }
    path.pop();
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) if (!seen.has(file)) visit(file);
  return circles;
}
