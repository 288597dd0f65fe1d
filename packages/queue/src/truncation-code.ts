// How a job names its truncation mode: one letter, because every job crosses Redis twice.

export type TruncationCode = 'r' | 'l' | 'n';

/** The tokenizer's modes: `TruncationMode` of @sieve/runtime, written out because this package does not import it. */
export type TruncationModeName = 'right' | 'left' | 'none';

/** The one table between a job's letter and the tokenizer's mode; workers and the gateway's token count read it. */
export const TRUNCATION_MODE_OF_CODE: Readonly<Record<TruncationCode, TruncationModeName>> = {
  r: 'right',
  l: 'left',
  n: 'none',
};

export const TRUNCATION_CODE_OF_MODE: Readonly<Record<TruncationModeName, TruncationCode>> = {
  right: 'r',
  left: 'l',
  none: 'n',
};
