/** A head's name: what `MODEL+HEAD` may hold after the `+`, and what a spec may name. */
export const HEAD_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** `MODEL+HEAD[@VERSION]` taken apart. */
export interface HeadModelName {
  /** The base model as named: "name", "name@version" or "name@sha256:...". */
  base: string;
  head: string;
  /** Absent: the latest version. */
  version?: number;
}

/**
 * Reads `MODEL+HEAD[@VERSION]`; undefined for a plain model name (model names never hold a `+`), a problem for a
 * malformed head part.
 */
export function parseHeadModelName(model: string): HeadModelName | { problem: string } | undefined {
  const plus = model.indexOf('+');
  if (plus < 0) return undefined;
  const base = model.slice(0, plus);
  const rest = model.slice(plus + 1);
  const at = rest.indexOf('@');
  const head = at < 0 ? rest : rest.slice(0, at);
  if (!base) return { problem: 'no model before "+" (expected MODEL+HEAD[@VERSION])' };
  if (!HEAD_NAME_PATTERN.test(head)) {
    return { problem: `head name "${head}" must be lowercase letters, digits and "-" (at most 63)` };
  }
  if (at < 0) return { base, head };
  const version = Number(rest.slice(at + 1));
  if (!/^[1-9][0-9]{0,8}$/.test(rest.slice(at + 1))) {
    return { problem: `head version "${rest.slice(at + 1)}" must be a positive integer` };
  }
  return { base, head, version };
}

/** The name a head version is asked for by, and reported as: `base+head@version`. */
export function headModelName(base: string, head: string, version: number): string {
  return `${base}+${head}@${version}`;
}
