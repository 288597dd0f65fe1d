/** What BERT's normaliser and pre-tokenizer do with one code point. */
export const CharClass = {
  /** Not asked yet. */
  Unknown: 0,
  /** Part of a word. */
  Word: 1,
  /** Dropped by the normaliser (controls, format characters, U+FFFD, unassigned code points...). */
  Removed: 2,
  /** Ends a word and is dropped (white space). */
  Space: 3,
  /** A word of its own (punctuation, CJK ideographs). */
  Isolated: 4,
  /** Anything else the reference does (a normaliser that rewrites it): texts holding it go to the reference. */
  Unsupported: 5,
} as const;
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

/** The reference pipeline, asked one code point at a time: the Rust library's own normaliser and pre-tokenizer. */
export interface CharClassReference {
  normalize(text: string): string;
  preTokenize(text: string): string[];
}

/**
 * Each code point's class as the Rust library decides it, asked once per code point and remembered (a byte per code
 * point, 1.1 MB at most, so anything a caller sends is bounded). Asking the library instead of using JavaScript's
 * Unicode tables keeps the ids exact: the Rust crates carry their own Unicode version (their "unassigned" and
 * "punctuation" sets differ from V8's ICU in places), and Node 20 and 22 carry different ICU versions too.
 */
export class BertCharClasses {
  private readonly table = new Uint8Array(0x110000);
  private asksLeft = Number.POSITIVE_INFINITY;

  constructor(private readonly reference: CharClassReference) {
    for (let code = 0; code < 0x80; code++) this.table[code] = this.ask(code);
  }

  /**
   * Bounds the code points asked of the library until the next call (each ask is two binding calls, 20-60 µs on the
   * event loop): past it `of` answers Unknown and the encoder leaves that text to the library, off the loop. Without
   * it, one request of 64K distinct code points would hold the loop for seconds.
   */
  limitAsks(asks: number): void {
    this.asksLeft = asks;
  }

  of(code: number): CharClass {
    const known = this.table[code]! as CharClass;
    if (known !== CharClass.Unknown) return known;
    if (this.asksLeft <= 0) return CharClass.Unknown;
    this.asksLeft--;
    const asked = this.ask(code);
    this.table[code] = asked;
    return asked;
  }

  /** The ASCII part of the table, for the encoder's inner loop. */
  get ascii(): Uint8Array {
    return this.table.subarray(0, 0x80);
  }

  private ask(code: number): CharClass {
    // Lone surrogates reach the library as U+FFFD (Node's UTF-8 conversion), so they share its class.
    if (code >= 0xd800 && code <= 0xdfff) return this.of(0xfffd);
    const char = String.fromCodePoint(code);
    const normalized = this.reference.normalize(`a${char}a`);
    if (normalized === 'aa') return CharClass.Removed;
    if (normalized === 'a a') return CharClass.Space;
    if (normalized === `a ${char} a`) return CharClass.Isolated;
    if (normalized !== `a${char}a`) return CharClass.Unsupported;
    const pieces = this.reference.preTokenize(`x${char}x`);
    if (pieces.length === 1 && pieces[0] === `x${char}x`) return CharClass.Word;
    if (pieces.length === 2 && pieces[0] === 'x' && pieces[1] === 'x') return CharClass.Space;
    if (pieces.length === 3 && pieces[1] === char) return CharClass.Isolated;
    return CharClass.Unsupported;
  }
}
