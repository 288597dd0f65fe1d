// The proto's Truncation enum in the words the tokenizer, the job contract and the CLI use for the same modes.

/** `TruncationMode` of @sieve/runtime, written out: the API contract imports none of sieve's other packages. */
export type TruncationModeName = 'right' | 'left' | 'none';

/** The enum names a caller may send for a mode (UNSPECIFIED aside). */
export type TruncationName = 'TRUNCATION_RIGHT' | 'TRUNCATION_LEFT' | 'TRUNCATION_NONE';

export const TRUNCATION_NAME_OF_MODE: Readonly<Record<TruncationModeName, TruncationName>> = {
  right: 'TRUNCATION_RIGHT',
  left: 'TRUNCATION_LEFT',
  none: 'TRUNCATION_NONE',
};

const MODE_OF_NAME: Readonly<Partial<Record<string, TruncationModeName>>> = {
  // The proto: "Same as TRUNCATION_RIGHT".
  TRUNCATION_UNSPECIFIED: 'right',
  TRUNCATION_RIGHT: 'right',
  TRUNCATION_LEFT: 'left',
  TRUNCATION_NONE: 'none',
};

/** The mode a received enum value names; undefined for a value the API does not define. */
export function truncationModeOfName(name: unknown): TruncationModeName | undefined {
  return MODE_OF_NAME[String(name)];
}
