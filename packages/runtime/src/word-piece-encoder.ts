import { CharClass, type BertCharClasses } from './bert-char-classes.ts';
import { PieceTrie } from './piece-trie.ts';

export type TruncationMode = 'right' | 'left' | 'none';

/** One text's ids with special tokens, after truncation, and whether truncation cut it. */
export interface WordPieceEncoding {
  ids: Int32Array;
  truncated: boolean;
}

interface AddedToken {
  content: string;
  id: number;
}

interface TokenizerJson {
  normalizer?: {
    type?: string;
    clean_text?: boolean;
    handle_chinese_chars?: boolean;
    strip_accents?: boolean | null;
    lowercase?: boolean;
  } | null;
  pre_tokenizer?: { type?: string } | null;
  post_processor?: {
    type?: string;
    single?: Array<{ SpecialToken?: { id: string }; Sequence?: { id: string } }>;
    special_tokens?: Record<string, { ids?: number[] }>;
    cls?: [string, number];
    sep?: [string, number];
  } | null;
  added_tokens?: Array<{
    id: number;
    content: string;
    single_word?: boolean;
    lstrip?: boolean;
    rstrip?: boolean;
    normalized?: boolean;
  }>;
  model?: {
    type?: string;
    unk_token?: string;
    continuing_subword_prefix?: string;
    max_input_chars_per_word?: number;
    vocab?: Record<string, number>;
    merges?: unknown;
  };
}

const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** Code points in text[from, to): what max_input_chars_per_word counts (Rust's chars). */
function codePoints(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (!isLowSurrogate(text.charCodeAt(i))) count++;
  return count;
}

/**
 * BERT's WordPiece pipeline (BertNormalizer without lowercasing or accent stripping, BertPreTokenizer, WordPiece,
 * "[CLS] A [SEP]") in plain JavaScript, writing ids straight into one scratch Int32Array: no per-token objects and no
 * crossing into a native binding per text. It exists because the binding's own cost (strings copied into Rust, an
 * `Encoding` with tokens, offsets and masks built per text, one JS array per getter, a thread-pool hop) was 60-300 µs
 * of CPU per text where the WordPiece work itself is a few µs (bench/NOTES.md, 2026-12-06). The Rust library remains
 * the reference: character classes are asked of it (BertCharClasses), texts with anything this encoder does not
 * model go to it, and tests compare both on the shared multilingual data.
 *
 * Only tokenizer.json files of exactly this shape are served here (`fromTokenizerJson` says why not otherwise).
 */
export class WordPieceEncoder {
  private out = new Int32Array(1024);
  private length = 0;

  private constructor(
    private readonly classes: BertCharClasses,
    private readonly ascii: Uint8Array,
    private readonly trie: PieceTrie,
    /** The trie node of the continuing-subword prefix ("##"): where a piece after the first is looked up; -1 if none. */
    private readonly continuing: number,
    private readonly unkId: number,
    private readonly maxCharsPerWord: number,
    private readonly added: readonly AddedToken[],
    private readonly addedFirstChars: string,
    private readonly prefix: Int32Array,
    private readonly suffix: Int32Array,
  ) {}

  /** The encoder for this tokenizer.json, or why it is not one this encoder reproduces exactly. */
  static fromTokenizerJson(
    parsed: unknown,
    classes: BertCharClasses,
  ): WordPieceEncoder | { unsupported: string } {
    const json = parsed as TokenizerJson;
    const normalizer = json.normalizer;
    if (
      normalizer?.type !== 'BertNormalizer' ||
      normalizer.lowercase !== false ||
      normalizer.strip_accents ||
      normalizer.clean_text !== true ||
      normalizer.handle_chinese_chars !== true
    )
      return { unsupported: 'its normalizer is not a cased BertNormalizer' };
    if (json.pre_tokenizer?.type !== 'BertPreTokenizer')
      return { unsupported: 'its pre-tokenizer is not BertPreTokenizer' };
    const model = json.model;
    // The shared bert-base-multilingual-cased file is in the older format, whose model has no "type".
    if (
      !model ||
      (model.type !== undefined && model.type !== 'WordPiece') ||
      model.merges !== undefined ||
      !model.vocab
    )
      return { unsupported: 'its model is not WordPiece' };
    const unkId = model.vocab[model.unk_token ?? '[UNK]'];
    if (unkId === undefined) return { unsupported: 'its vocabulary lacks the unknown token' };
    const continuingPrefix = model.continuing_subword_prefix ?? '##';
    // About two trie nodes per piece in BERT vocabularies (232,162 for 119,547 in the multilingual one).
    const trie = new PieceTrie(model.vocab, 2 * Object.keys(model.vocab).length);
    const added: AddedToken[] = [];
    for (const token of json.added_tokens ?? []) {
      if (
        token.single_word ||
        token.lstrip ||
        token.rstrip ||
        token.normalized !== false ||
        token.content === ''
      )
        return {
          unsupported: `its added token ${JSON.stringify(token.content)} is matched in a way not modelled here`,
        };
      added.push({ content: token.content, id: token.id });
    }
    const template = specialTokensAround(json.post_processor);
    if ('unsupported' in template) return template;
    return new WordPieceEncoder(
      classes,
      classes.ascii,
      trie,
      continuingPrefix === '' ? PieceTrie.ROOT : trie.walk(continuingPrefix),
      unkId,
      model.max_input_chars_per_word ?? 100,
      added,
      [...new Set(added.map((token) => token.content[0]!))].join(''),
      Int32Array.from(template.prefix),
      Int32Array.from(template.suffix),
    );
  }

  /** Starts a call: at most `asks` code points not seen before are classified on the event loop (BertCharClasses). */
  limitNewCharacters(asks: number): void {
    this.classes.limitAsks(asks);
  }

  /** Special tokens added around every text ([CLS] and [SEP]): what truncation keeps room for. */
  get specialTokens(): number {
    return this.prefix.length + this.suffix.length;
  }

  /**
   * The text's ids, truncated to `maxLength` (with mode 'none', not truncated: the caller checks the length), or
   * undefined when the text holds a character this encoder leaves to the reference library.
   */
  encode(text: string, mode: TruncationMode, maxLength: number): WordPieceEncoding | undefined {
    const keep = maxLength - this.specialTokens;
    // Right truncation never needs the pieces past the limit; left truncation keeps the end, so it needs them all.
    const pieces = this.pieces(text, mode === 'right' ? keep : Number.POSITIVE_INFINITY);
    if (pieces < 0) return undefined;
    const kept = mode === 'none' ? pieces : Math.min(pieces, keep);
    const from = mode === 'left' ? pieces - kept : 0;
    const ids = new Int32Array(this.prefix.length + kept + this.suffix.length);
    ids.set(this.prefix, 0);
    ids.set(this.out.subarray(from, from + kept), this.prefix.length);
    ids.set(this.suffix, this.prefix.length + kept);
    return { ids, truncated: mode !== 'none' && pieces > keep };
  }

  /** Tokens with special tokens after right truncation (min(tokens, maxLength)), without building ids; undefined as in encode. */
  count(text: string, maxLength: number): number | undefined {
    const keep = maxLength - this.specialTokens;
    const pieces = this.pieces(text, keep);
    return pieces < 0 ? undefined : Math.min(pieces, keep) + this.specialTokens;
  }

  /** Word pieces (no special tokens) into `out`; stops once past `stopAfter`; -1 for a character left to the reference. */
  private pieces(text: string, stopAfter: number): number {
    this.length = 0;
    const { ascii, classes } = this;
    const end = text.length;
    let nextAdded = this.nextAdded(text, 0);
    let wordStart = -1;
    // A removed character inside a word (a NUL, a zero-width joiner) joins its two sides into one word.
    let carried = '';
    const flush = (at: number) => {
      if (carried !== '') {
        const word = wordStart >= 0 ? carried + text.slice(wordStart, at) : carried;
        this.wordPiece(word, 0, word.length);
      } else if (wordStart >= 0) this.wordPiece(text, wordStart, at);
      wordStart = -1;
      carried = '';
    };
    let i = 0;
    while (i < end) {
      if (nextAdded && i === nextAdded.at) {
        flush(i);
        this.push(nextAdded.token.id);
        i = nextAdded.at + nextAdded.token.content.length;
        nextAdded = this.nextAdded(text, i);
        if (this.length > stopAfter) return this.length;
        continue;
      }
      const unit = text.charCodeAt(i);
      let width = 1;
      let kind: number;
      if (unit < 0x80) kind = ascii[unit]!;
      else {
        let code = unit;
        if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < end && isLowSurrogate(text.charCodeAt(i + 1))) {
          code = ((unit - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000;
          width = 2;
        }
        kind = classes.of(code);
      }
      if (kind === CharClass.Word) {
        if (wordStart < 0) wordStart = i;
      } else if (kind === CharClass.Removed) {
        if (wordStart >= 0) carried += text.slice(wordStart, i);
        wordStart = -1;
      } else if (kind === CharClass.Space) {
        flush(i);
        if (this.length > stopAfter) return this.length;
      } else if (kind === CharClass.Isolated) {
        flush(i);
        this.wordPiece(text, i, i + width);
        if (this.length > stopAfter) return this.length;
      } else return -1;
      i += width;
    }
    flush(end);
    return this.length;
  }

  /** Greedy longest-match-first WordPiece of text[from, to), a single [UNK] when any part of it has no piece. */
  private wordPiece(text: string, from: number, to: number): void {
    if (to - from > this.maxCharsPerWord && codePoints(text, from, to) > this.maxCharsPerWord) {
      this.push(this.unkId);
      return;
    }
    const { trie } = this;
    const mark = this.length;
    let start = from;
    while (start < to) {
      // The longest vocabulary piece that text[start, ...) begins with: the Rust library tries ends from the longest
      // down and takes the first piece it finds, which is the same piece. Pieces are whole code points, so a match
      // never ends inside a surrogate pair.
      let node = start === from ? PieceTrie.ROOT : this.continuing;
      let matchEnd = -1;
      let matchId = -1;
      for (let j = start; j < to && node >= 0; j++) {
        node = trie.child(node, text.charCodeAt(j));
        if (node >= 0) {
          const id = trie.idAt(node);
          if (id >= 0) {
            matchEnd = j + 1;
            matchId = id;
          }
        }
      }
      if (matchId < 0) {
        this.length = mark;
        this.push(this.unkId);
        return;
      }
      this.push(matchId);
      start = matchEnd;
    }
  }

  /** The leftmost added token at or after `from` (the longest where several start there), as the Rust library matches them. */
  private nextAdded(text: string, from: number): { at: number; token: AddedToken } | undefined {
    if (this.added.length === 0) return undefined;
    let seen = false;
    for (const first of this.addedFirstChars) if (text.indexOf(first, from) >= 0) seen = true;
    if (!seen) return undefined;
    let best: { at: number; token: AddedToken } | undefined;
    for (const token of this.added) {
      const at = text.indexOf(token.content, from);
      if (at < 0) continue;
      if (!best || at < best.at || (at === best.at && token.content.length > best.token.content.length))
        best = { at, token };
    }
    return best;
  }

  private push(id: number): void {
    if (this.length === this.out.length) {
      const grown = new Int32Array(this.out.length * 2);
      grown.set(this.out);
      this.out = grown;
    }
    this.out[this.length++] = id;
  }
}

/** The ids a single-sequence post-processor puts before and after the text, or why it is not modelled. */
function specialTokensAround(
  processor: TokenizerJson['post_processor'],
): { prefix: number[]; suffix: number[] } | { unsupported: string } {
  if (processor?.type === 'BertProcessing' && processor.cls && processor.sep)
    return { prefix: [processor.cls[1]], suffix: [processor.sep[1]] };
  if (processor?.type !== 'TemplateProcessing' || !processor.single)
    return { unsupported: 'its post-processor is neither TemplateProcessing nor BertProcessing' };
  const prefix: number[] = [];
  const suffix: number[] = [];
  let sequences = 0;
  for (const item of processor.single) {
    if (item.Sequence) {
      sequences++;
      continue;
    }
    const ids = item.SpecialToken ? processor.special_tokens?.[item.SpecialToken.id]?.ids : undefined;
    if (!ids) return { unsupported: 'its template names a special token it does not define' };
    (sequences === 0 ? prefix : suffix).push(...ids);
  }
  if (sequences !== 1)
    return { unsupported: 'its single-sequence template does not hold exactly one sequence' };
  return { prefix, suffix };
}
