import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Where a model's word embedding table lies on disk once it has been taken out of the graph (see
 * cutWordEmbeddings): rows of `width` values, row 0 at `offset` in `file`, float32 or 8-bit with one scale.
 */
export interface WordEmbeddingTable {
  /** The graph input that now takes the gathered rows: float32 [batch, sequence, width]. */
  inputName: string;
  file: string;
  offset: number;
  rows: number;
  width: number;
  encoding: { type: 'float32' } | { type: 'int8' | 'uint8'; scale: number; zeroPoint: number };
}

/**
 * Reads the rows of a batch's token ids from the table's file, so that no session holds the table: read with
 * pread, the pages stay in the kernel's page cache, shared by every session and every worker on the machine and
 * counted in no process's RSS (the table is 71 % of DistilBERT multilingual's weights: 119,547 x 768). A batch of
 * 8 x 64 tokens is a few hundred reads of 3 KB, well under 1 % of its inference. One reader per session thread.
 */
export class WordEmbeddingRows {
  readonly table: WordEmbeddingTable;
  private fd: number | undefined;
  private readonly rowBytes: number;
  /** A batch's rows given back after its run, for the next batch (see recycle). */
  private spare: Float32Array | undefined;
  /** One row of an 8-bit table before it is dequantised. */
  private readonly quantized: Uint8Array;
  /** An 8-bit table's 256 values as float32, by their byte: a row is dequantised by lookups. */
  private readonly dequantized: Float32Array | undefined;

  constructor(table: WordEmbeddingTable) {
    this.table = table;
    this.fd = openSync(table.file, 'r');
    const { encoding, width } = table;
    this.rowBytes = encoding.type === 'float32' ? width * 4 : width;
    this.quantized = new Uint8Array(encoding.type === 'float32' ? 0 : width);
    if (encoding.type !== 'float32') {
      // (q - zeroPoint) is a small integer and scale a float32, so the product is exact in a double and the store
      // rounds it once: the float32 DequantizeLinear computes the same value.
      const { scale, zeroPoint } = encoding;
      this.dequantized = Float32Array.from({ length: 256 }, (_, byte) => {
        const value = encoding.type === 'int8' ? (byte << 24) >> 24 : byte;
        return (value - zeroPoint) * scale;
      });
    }
  }

  /** Row-major [ids.length, width]: what the graph's Gather (and DequantizeLinear) computed. */
  gather(ids: BigInt64Array): Float32Array {
    const { width, rows, encoding } = this.table;
    const length = ids.length * width;
    const spare = this.spare;
    this.spare = undefined;
    const out =
      spare && spare.buffer.byteLength >= length * 4
        ? new Float32Array(spare.buffer, 0, length)
        : new Float32Array(length);
    const outBytes = new Uint8Array(out.buffer, 0, length * 4);
    // Padding and common tokens repeat within a batch: each distinct row is read once.
    const firstAt = new Map<number, number>();
    for (let index = 0; index < ids.length; index += 1) {
      const id = Number(ids[index]);
      if (!Number.isInteger(id) || id < 0 || id >= rows) {
        throw new Error(`token id ${id} is outside the model's word embedding table of ${rows} rows`);
      }
      const seen = firstAt.get(id);
      if (seen !== undefined) {
        out.copyWithin(index * width, seen * width, (seen + 1) * width);
        continue;
      }
      firstAt.set(id, index);
      const position = this.table.offset + id * this.rowBytes;
      if (encoding.type === 'float32') {
        this.read(outBytes, index * this.rowBytes, position);
        continue;
      }
      const quantized = this.quantized;
      const dequantized = this.dequantized!;
      this.read(quantized, 0, position);
      const base = index * width;
      for (let column = 0; column < width; column += 1) out[base + column] = dequantized[quantized[column]!]!;
    }
    return out;
  }

  /**
   * Gives a batch's rows back once its run is over. Without it each batch leaves megabytes of garbage outside V8's
   * heap, which a session thread collects seldom: ~30 MB more RSS per session, measured. Batches past 16 MB are
   * not kept (a 32 x 512-token batch is 50 MB).
   */
  recycle(rows: Float32Array): void {
    if (
      rows.buffer.byteLength <= 16 * 2 ** 20 &&
      (this.spare?.buffer.byteLength ?? 0) < rows.buffer.byteLength
    )
      this.spare = new Float32Array(rows.buffer as ArrayBuffer);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private read(target: Uint8Array, at: number, position: number): void {
    if (this.fd === undefined) throw new Error('the word embedding table is closed');
    const read = readSync(this.fd, target, at, this.rowBytes, position);
    if (read !== this.rowBytes) {
      throw new Error(
        `word embedding table ${this.table.file} ends at byte ${position + read}, before its row at ${position}`,
      );
    }
  }
}
