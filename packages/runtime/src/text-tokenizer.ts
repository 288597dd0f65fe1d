import { Tokenizer } from '@anush008/tokenizers';
import { ModelLoadError } from './model-load-error.ts';
import { BertCharClasses } from './bert-char-classes.ts';
import { WordPieceEncoder, type TruncationMode } from './word-piece-encoder.ts';

export type { TruncationMode } from './word-piece-encoder.ts';

/**
 * Characters one call tokenizes on the event loop with the JavaScript encoder (about 5 ms of CPU here); a call
 * over it goes to the Rust library on the thread pool, so a huge request cannot stall the loop.
 */
export const EVENT_LOOP_CHARS = 1 << 16;

/**
 * Code points not seen before that one call classifies on the event loop (20-60 µs each, once per process); texts
 * needing more go to the Rust library off the loop. Real text in a new script needs tens to a few hundred.
 */
export const NEW_CHARACTERS_PER_CALL = 256;

/** Which implementation serves a tokenizer's calls (see WordPieceEncoder for why there are two). */
export type TokenizerImplementation = 'wordpiece-js' | 'hf-binding';

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
 * The one owner of "the tokens of a text" for the worker (ids) and the gateway (tokens-per-minute counts). The
 * Hugging Face tokenizers library (Rust, through @anush008/tokenizers) is the reference: the same WordPiece,
 * normalisation and special tokens the model was trained with. BERT-shaped tokenizers are served by
 * WordPieceEncoder, the same ids in plain JavaScript at a few µs per text; anything else, a text holding a character
 * the encoder leaves to the library, and calls over EVENT_LOOP_CHARS go to the library's `encodeBatch` off the event
 * loop. Truncation is a tokenizer-wide setting in that library, so each mode gets its own instance, created on first
 * use.
 */
export class TextTokenizer {
  readonly maxLength: number;
  readonly padId: number;
  /** 'wordpiece-js' where WordPieceEncoder serves this tokenizer, else 'hf-binding'. */
  readonly implementation: TokenizerImplementation;
  /** Why the JavaScript encoder does not serve this tokenizer, where it does not. */
  readonly bindingReason?: string;
  private readonly json: string;
  private readonly path: string;
  private readonly byMode = new Map<TruncationMode, Tokenizer>();
  private readonly encoder?: WordPieceEncoder;

  private constructor(path: string, json: string, parsed: unknown, maxLength: number, padId: number) {
    this.path = path;
    this.json = json;
    this.maxLength = maxLength;
    this.padId = padId;
    const reference = this.instance('right');
    const normalizer = reference.getNormalizer();
    const preTokenizer = reference.getPreTokenizer();
    const encoder =
      normalizer && preTokenizer
        ? WordPieceEncoder.fromTokenizerJson(
            parsed,
            new BertCharClasses({
              normalize: (text) => normalizer.normalizeString(text),
              preTokenize: (text) => preTokenizer.preTokenizeString(text).map(([piece]) => piece),
            }),
          )
        : { unsupported: 'it has no normalizer or pre-tokenizer' };
    if ('unsupported' in encoder) this.bindingReason = encoder.unsupported;
    else if (encoder.specialTokens >= maxLength)
      this.bindingReason = `its maximum length ${maxLength} leaves no room beside the special tokens`;
    else this.encoder = encoder;
    this.implementation = this.encoder ? 'wordpiece-js' : 'hf-binding';
  }

  static fromJson(path: string, json: string, maxLength: number): TextTokenizer {
    let padId = 0;
    let parsed: {
      padding?: { pad_id?: number } | null;
      added_tokens?: Array<{ id: number; content: string }>;
    };
    try {
      parsed = JSON.parse(json) as typeof parsed;
      padId =
        parsed.padding?.pad_id ?? parsed.added_tokens?.find((token) => token.content === '[PAD]')?.id ?? 0;
    } catch (error) {
      throw new ModelLoadError(path, `not valid JSON (${(error as Error).message})`, { cause: error });
    }
    return new TextTokenizer(path, json, parsed, maxLength, padId);
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
    const encoder = this.encoder;
    if (!encoder || charsOf(texts) > EVENT_LOOP_CHARS) return this.encodeWithLibrary(texts, mode);
    const encoded = new Array<TokenizedText | TextTooLongError>(texts.length);
    const leftOver: number[] = [];
    encoder.limitNewCharacters(NEW_CHARACTERS_PER_CALL);
    for (let index = 0; index < texts.length; index++) {
      const entry = encoder.encode(texts[index]!, mode, this.maxLength);
      if (!entry) leftOver.push(index);
      else if (mode === 'none' && entry.ids.length > this.maxLength)
        encoded[index] = new TextTooLongError(index, entry.ids.length, this.maxLength);
      else encoded[index] = entry;
    }
    if (leftOver.length > 0) {
      const fromLibrary = await this.encodeWithLibrary(
        leftOver.map((index) => texts[index]!),
        mode,
      );
      fromLibrary.forEach((entry, k) => {
        const index = leftOver[k]!;
        encoded[index] =
          entry instanceof TextTooLongError
            ? new TextTooLongError(index, entry.tokenCount, this.maxLength)
            : entry;
      });
    }
    return encoded;
  }

  /**
   * The Rust library's answer for these texts, off the event loop: what the JavaScript encoder is checked against
   * (tests), and what serves the texts and tokenizers it leaves.
   */
  async encodeWithLibrary(
    texts: readonly string[],
    mode: TruncationMode = 'right',
  ): Promise<Array<TokenizedText | TextTooLongError>> {
    if (texts.length === 0) return [];
    const encodings = await this.instance(mode).encodeBatch([...texts]);
    return encodings.map((encoding, index) => {
      const ids = Int32Array.from(encoding.getIds());
      if (mode === 'none' && ids.length > this.maxLength)
        return new TextTooLongError(index, ids.length, this.maxLength);
      // Only a text at the maximum length can have been cut: asking the others would build overflow objects for nothing.
      const truncated =
        mode !== 'none' && ids.length === this.maxLength && encoding.getOverflowing().length > 0;
      return { ids, truncated };
    });
  }

  /**
   * Token count with special tokens, after truncation (min(tokens, maxLength)): what billing and quotas count. The
   * gateway's tokens-per-minute admission asks this, without building ids; the worker's ids come from `encode` of
   * the same instance kind, so both sides count the same tokens.
   */
  async countTokens(texts: readonly string[]): Promise<number[]> {
    const encoder = this.encoder;
    if (!encoder || charsOf(texts) > EVENT_LOOP_CHARS)
      return (await this.encodeWithLibrary(texts, 'right')).map((entry) =>
        entry instanceof TextTooLongError ? entry.tokenCount : entry.ids.length,
      );
    const counts = new Array<number>(texts.length);
    const leftOver: number[] = [];
    encoder.limitNewCharacters(NEW_CHARACTERS_PER_CALL);
    for (let index = 0; index < texts.length; index++) {
      const count = encoder.count(texts[index]!, this.maxLength);
      if (count === undefined) leftOver.push(index);
      else counts[index] = count;
    }
    if (leftOver.length > 0) {
      const fromLibrary = await this.encodeWithLibrary(
        leftOver.map((index) => texts[index]!),
        'right',
      );
      fromLibrary.forEach((entry, k) => {
        counts[leftOver[k]!] = entry instanceof TextTooLongError ? entry.tokenCount : entry.ids.length;
      });
    }
    return counts;
  }
}

function charsOf(texts: readonly string[]): number {
  let chars = 0;
  for (const text of texts) chars += text.length;
  return chars;
}
