import type { StoredItem } from './chunk-encoding.ts';

/**
 * Regroups the items of an upload, however the client chunked its messages, into chunks of exactly `chunkSize`
 * (the last one shorter): the unit a worker takes as one job and the unit results are written and resumed by.
 */
export class ChunkAccumulator {
  private pending: StoredItem[] = [];
  private nextIndex = 0;
  private count = 0;

  constructor(private readonly chunkSize: number) {
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunk size ${chunkSize}`);
  }

  /** Items received so far. */
  get total(): number {
    return this.count;
  }

  /** Adds items; returns the chunks they completed, with their indexes. */
  add(items: readonly StoredItem[]): Array<{ index: number; items: StoredItem[] }> {
    const full: Array<{ index: number; items: StoredItem[] }> = [];
    for (const item of items) {
      this.pending.push(item);
      this.count += 1;
      if (this.pending.length === this.chunkSize) {
        full.push({ index: this.nextIndex++, items: this.pending });
        this.pending = [];
      }
    }
    return full;
  }

  /** The last, partial chunk (if any) once the upload is complete. */
  finish(): { index: number; items: StoredItem[] } | undefined {
    if (this.pending.length === 0) return undefined;
    const last = { index: this.nextIndex++, items: this.pending };
    this.pending = [];
    return last;
  }

  /** Chunks emitted so far. */
  get chunks(): number {
    return this.nextIndex;
  }
}
