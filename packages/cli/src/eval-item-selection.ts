import { CliError } from './cli-error.ts';

/** Which positions (0-based, in file order) of a file of `total` items an evaluation reads. */
export interface ItemSelection {
  includes(position: number): boolean;
  /** In words, for the report. */
  description: string;
  /** What the idempotency key must distinguish: another selection is another batch. */
  key: string;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * `limit`: the first N items. `sample`: N items evenly spread over the file, the same ones on every run, for
 * quick runs on files sorted by a field (the multilingual set is sorted by language: its first 600 lines are all
 * Arabic, which a per-language breakdown of a quick run would not survive).
 */
export function itemSelection(total: number, options: { limit?: number; sample?: number }): ItemSelection {
  if (options.limit !== undefined && options.sample !== undefined) {
    throw new CliError('use --limit or --sample, not both', 2);
  }
  const wanted = options.limit ?? options.sample;
  if (wanted === undefined || wanted >= total) {
    return { includes: () => true, description: `all ${count(total)} items`, key: 'all' };
  }
  if (options.limit !== undefined) {
    return {
      includes: (position) => position < wanted,
      description: `the first ${count(wanted)} of ${count(total)} items`,
      key: `first:${wanted}`,
    };
  }
  // Position p is the j-th pick when j = ceil(p * n / total) lands back on p: picks are floor(j * total / n).
  return {
    includes: (position) => {
      const j = Math.ceil((position * wanted) / total);
      return j < wanted && Math.floor((j * total) / wanted) === position;
    },
    description: `${count(wanted)} of ${count(total)} items, evenly spread over the file`,
    key: `sample:${wanted}`,
  };
}
