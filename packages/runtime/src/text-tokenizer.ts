import { Tokenizer, bertNormalizer, bertPreTokenizer } from '@anush008/tokenizers';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ModelLoadError } from './model-load-error.ts';
import { BertCharClasses } from './bert-char-classes.ts';
import { WordPieceEncoder, type TruncationMode } from './word-piece-encoder.ts';

export type { TruncationMode } from './word-piece-encoder.ts';

/**
 * Characters tokenized on the event loop in one go with the JavaScript encoder (~3-8 ms of CPU here); a longer call
 * gives the loop a turn between such slices, and a single text longer than this goes to the Rust library on the
 * thread pool, so no request can stall the loop.
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
 * WordPieceEncoder, the same ids in plain JavaScript at a few µs per text; other shapes, a text holding a character
 * the encoder leaves to the library and a text over EVENT_LOOP_CHARS go to the library's `encodeBatch` off the event
 * loop. Truncation is a tokenizer-wide setting in that library, so each mode gets its own instance, created on first
 * use: ~42 MB and 0.5-2 s each for bert-base-multilingual-cased, which a BERT-shaped tokenizer never pays unless a
 * text needs the library (the encoder asks its character classes of the library's normaliser and pre-tokenizer
 * alone, built without the vocabulary); the file is still checked by the library at load.
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
    // The encoder takes only a cased BertNormalizer with clean_text and handle_chinese_chars (strip_accents unset or
    // false, which then follows lowercase: false), so this normaliser is the file's own.
    const normalizer = bertNormalizer({
      cleanText: true,
      handleChineseChars: true,
      stripAccents: false,
      lowercase: false,
    });
    const preTokenizer = bertPreTokenizer();
    const encoder = WordPieceEncoder.fromTokenizerJson(
      parsed,
      new BertCharClasses({
        normalize: (text) => normalizer.normalizeString(text),
        preTokenize: (text) => preTokenizer.preTokenizeString(text).map(([piece]) => piece),
      }),
    );
    if ('unsupported' in encoder) this.bindingReason = encoder.unsupported;
    else if (encoder.specialTokens >= maxLength)
      this.bindingReason = `its maximum length ${maxLength} leaves no room beside the special tokens`;
    else this.encoder = encoder;
    this.implementation = this.encoder ? 'wordpiece-js' : 'hf-binding';
    // Served by the library: load it now, so that a file it cannot read fails the model's load, not a request. Served
    // by the encoder, the library still takes the texts the encoder leaves: the file is checked the same way (~0.2 s
    // for bert-base-multilingual-cased) and the instance dropped, its ~42 MB paid only when a text needs it.
    if (!this.encoder) this.instance('right');
    else this.libraryTokenizer();
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

  private libraryTokenizer(): Tokenizer {
    try {
      return Tokenizer.fromString(this.json);
    } catch (error) {
      throw new ModelLoadError(this.path, `not a tokenizer this runtime can load (${String(error)})`, {
        cause: error,
      });
    }
  }

  private instance(mode: TruncationMode): Tokenizer {
    let tokenizer = this.byMode.get(mode);
    if (!tokenizer) {
      tokenizer = this.libraryTokenizer();
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
    const encoder = this.encoder;
    if (!encoder) return this.encodeWithLibrary(texts, mode);
    const encoded = await this.withEncoder(
      texts,
      (text) => encoder.encode(text, mode, this.maxLength),
      (left) => this.encodeWithLibrary(left, mode),
    );
    return encoded.map((entry, index) => {
      if (entry instanceof TextTooLongError)
        return new TextTooLongError(index, entry.tokenCount, this.maxLength);
      if (mode === 'none' && entry.ids.length > this.maxLength)
        return new TextTooLongError(index, entry.ids.length, this.maxLength);
      return entry;
    });
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
    const fromLibrary = async (left: readonly string[]) =>
      (await this.encodeWithLibrary(left, 'right')).map((entry) =>
        entry instanceof TextTooLongError ? entry.tokenCount : entry.ids.length,
      );
    const encoder = this.encoder;
    if (!encoder) return fromLibrary(texts);
    return this.withEncoder(texts, (text) => encoder.count(text, this.maxLength), fromLibrary);
  }

  /**
   * Runs the encoder over the texts in slices of at most EVENT_LOOP_CHARS, the loop getting a turn between slices
   * (each slice is synchronous, so calls that interleave never share the encoder's scratch ids), and hands the texts
   * it leaves (too long for one slice, or holding a character not yet classified) to the library in one batch.
   */
  private async withEncoder<T>(
    texts: readonly string[],
    encodeOne: (text: string) => T | undefined,
    fromLibrary: (texts: readonly string[]) => Promise<T[]>,
  ): Promise<T[]> {
    const encoder = this.encoder!;
    const results = new Array<T>(texts.length);
    const leftOver: number[] = [];
    let sliceChars = 0;
    encoder.limitNewCharacters(NEW_CHARACTERS_PER_CALL);
    for (let index = 0; index < texts.length; index++) {
      const text = texts[index]!;
      if (text.length > EVENT_LOOP_CHARS) {
        leftOver.push(index);
        continue;
      }
      if (sliceChars + text.length > EVENT_LOOP_CHARS) {
        await nextTurn();
        sliceChars = 0;
        encoder.limitNewCharacters(NEW_CHARACTERS_PER_CALL);
      }
      sliceChars += text.length;
      const result = encodeOne(text);
      if (result === undefined) leftOver.push(index);
      else results[index] = result;
    }
    if (leftOver.length > 0) {
      const answered = await fromLibrary(leftOver.map((index) => texts[index]!));
      answered.forEach((result, k) => {
        results[leftOver[k]!] = result;
      });
    }
    return results;
  }
}
