import { Tokenizer } from '@anush008/tokenizers';
import { ModelLoadError } from './model-load-error.ts';

export type TruncationMode = 'right' | 'left' | 'none';

/** One text after tokenization, before padding: what the batcher sizes batches by. */
export interface TokenizedText {
  ids: Int32Array;
  /** True when the text was longer than the model's maximum and was cut. */
  truncated: boolean;
}

/** Thrown (per text) when truncation is off and a text does not fit. */
export class TextTooLongError extends Error {
  readonly index: number;
  readonly tokenCount: number;

  constructor(index: number, tokenCount: number, maxLength: number) {
    super(
      `text ${index} is ${tokenCount} tokens, over the model's maximum of ${maxLength}, and truncation is off`,
    );
    this.name = 'TextTooLongError';
    this.index = index;
    this.tokenCount = tokenCount;
  }
}

/**
 * Hugging Face tokenizers (the Rust library through @anush008/tokenizers): the same WordPiece, normalisation and
 * special tokens the model was trained with, and `encodeBatch` runs off the event loop so that tokenizing the next
 * batch overlaps the current inference. Truncation is a tokenizer-wide setting in that library, so each mode
 * gets its own instance, created on first use.
 */
export class TextTokenizer {
  readonly maxLength: number;
  readonly padId: number;
  private readonly json: string;
  private readonly path: string;
  private readonly byMode = new Map<TruncationMode, Tokenizer>();

  private constructor(path: string, json: string, maxLength: number, padId: number) {
    this.path = path;
    this.json = json;
    this.maxLength = maxLength;
    this.padId = padId;
    this.instance('right');
  }

  static fromJson(path: string, json: string, maxLength: number): TextTokenizer {
    let padId = 0;
    try {
      const parsed = JSON.parse(json) as {
        padding?: { pad_id?: number } | null;
        added_tokens?: Array<{ id: number; content: string }>;
      };
      padId =
        parsed.padding?.pad_id ?? parsed.added_tokens?.find((token) => token.content === '[PAD]')?.id ?? 0;
    } catch (error) {
      throw new ModelLoadError(path, `not valid JSON (${(error as Error).message})`, { cause: error });
    }
    return new TextTokenizer(path, json, maxLength, padId);
  }

  private instance(mode: TruncationMode): Tokenizer {
    let tokenizer = this.byMode.get(mode);
    if (!tokenizer) {
      try {
        tokenizer = Tokenizer.fromString(this.json);
      } catch (error) {
        throw new ModelLoadError(this.path, `not a tokenizer this runtime can load (${String(error)})`, {
          cause: error,
        });
      }
      tokenizer.disablePadding();
      if (mode === 'none') tokenizer.disableTruncation();
      else tokenizer.setTruncation(this.maxLength, { direction: mode === 'left' ? 'left' : 'right' });
      this.byMode.set(mode, tokenizer);
    }
    return tokenizer;
  }

  /**
   * Tokenizes texts with special tokens, truncated to the model's maximum length. With mode 'none', a text
   * that does not fit yields a TextTooLongError in its place instead of failing its neighbours.
   */
  async encode(
    texts: readonly string[],
    mode: TruncationMode = 'right',
  ): Promise<Array<TokenizedText | TextTooLongError>> {
    if (texts.length === 0) return [];
    const encodings = await this.instance(mode).encodeBatch([...texts]);
    return encodings.map((encoding, index) => {
      const ids = Int32Array.from(encoding.getIds());
      if (mode === 'none' && ids.length > this.maxLength)
        return new TextTooLongError(index, ids.length, this.maxLength);
      return { ids, truncated: mode !== 'none' && encoding.getOverflowing().length > 0 };
    });
  }

  /** Token count with special tokens, after truncation: what billing and quotas count. */
  async countTokens(texts: readonly string[]): Promise<number[]> {
    const encoded = await this.encode(texts, 'right');
    return encoded.map((entry) => (entry instanceof TextTooLongError ? entry.tokenCount : entry.ids.length));
  }
}
