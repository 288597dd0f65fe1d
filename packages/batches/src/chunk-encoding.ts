// How a chunk's items and results are stored: compact JSON arrays, one Redis hash field per chunk, because a
// million-text batch is thousands of fields and every byte crosses Redis.

/** One input item: the client's id ('' when none) and the text. */
export type StoredItem = [id: string, text: string];

/** One item's outcome. */
export type StoredResult =
  | { id: string; labels: Array<[label: string, score: number]>; tokens: number; truncated: boolean }
  | { id: string; error: { code: number; message: string } };

export function encodeItems(items: readonly StoredItem[]): string {
  return JSON.stringify(items);
}

export function decodeItems(json: string): StoredItem[] {
  return JSON.parse(json) as StoredItem[];
}

export function encodeResults(results: readonly StoredResult[]): string {
  return JSON.stringify(results);
}

export function decodeResults(json: string): StoredResult[] {
  return JSON.parse(json) as StoredResult[];
}

/** Counts for the batch record: classified items and items that ended in an error. */
export function countOutcomes(results: readonly StoredResult[]): { done: number; failed: number } {
  let failed = 0;
  for (const result of results) if ('error' in result) failed += 1;
  return { done: results.length - failed, failed };
}
