/** One `<store>/<name>/<version>/` folder as the store holds it. */
export interface StoredVersion {
  name: string;
  version: string;
  dir: string;
  /** Its manifest was written (last, by rename): every file is in place. */
  complete: boolean;
  /** Why it is not complete: an interrupted download or synthesis, or no readable manifest. */
  problem?: string;
  /** Random weights (`sieve models synth`). */
  synthetic: boolean;
  /** The manifest's time (ISO 8601), for complete versions. */
  completedAt?: string;
}

/**
 * The version `pnpm start` serves for a name: the complete one whose manifest was written last. Folder names are no
 * order (pulled versions are commit ids; an interrupted `.partial` once sorted last and was served).
 */
export function newestCompleteVersion(versions: readonly StoredVersion[]): StoredVersion | undefined {
  let newest: StoredVersion | undefined;
  for (const version of versions) {
    if (!version.complete || version.completedAt === undefined) continue;
    if (!newest || Date.parse(version.completedAt) > Date.parse(newest.completedAt!)) newest = version;
  }
  return newest;
}

/** Numbered versions `sieve models synth` writes: small decimal numbers, never a 12-digit commit prefix. */
const SYNTH_VERSION = /^(\d{1,6})(\.partial)?$/;

/** The next free number among a name's version folders (interrupted ones included, so none is reused). */
export function nextSynthVersion(folders: readonly string[]): string {
  let highest = 0;
  for (const folder of folders) {
    const match = SYNTH_VERSION.exec(folder);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return String(highest + 1);
}
