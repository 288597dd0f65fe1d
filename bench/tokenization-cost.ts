import { lengthBuckets, type LengthBucket } from './text-length-buckets.ts';

export interface TokenizationRow {
  bucket: LengthBucket['name'];
  tokens: string;
  /** Distinct texts of the sample in the bucket, and their mean token count. */
  sampleTexts: number;
  meanTokens: number;
  textsPerCall: number;
  /** Texts tokenized while timed (the bucket's texts over and over, one call after the other). */
  textsTimed: number;
  /** CPU of the whole process (every thread: the binding's work off the event loop included) per text. */
  cpuUsPerText: number;
  wallUsPerText: number;
}

export interface TokenizationReport {
  /** The function timed, as its caller would name it. */
  function: string;
  rows: TokenizationRow[];
}

/**
 * CPU per text of a tokenization function by text length, `textsPerCall` texts per call, calls awaited one after
 * the other as a worker's job handler makes them. Run in the benchmark's own process while no phase runs, so that the
 * process's CPU is the tokenizer's; each row is warmed up once more before it is timed.
 */
export async function measureTokenization(options: {
  name: string;
  encode: (texts: string[]) => Promise<unknown> | unknown;
  texts: readonly string[];
  tokenCounts: readonly number[];
  textsPerCall: readonly number[];
  /** Each row is timed over whole passes of its bucket until both this many texts and `minCpuMs` of CPU are spent:
   * a fast tokenizer's few milliseconds would be lost in the noise of one garbage collection. */
  minTexts: number;
  minCpuMs: number;
}): Promise<TokenizationReport> {
  const cpuUsSince = (before: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(before);
    return used.user + used.system;
  };
  const enough = (texts: number, cpuUs: number) =>
    texts >= options.minTexts && cpuUs >= options.minCpuMs * 1000;
  // Over everything first, every call size, as long as a row is timed: a tokenizer written in JavaScript is still
  // being compiled on its first thousands of texts, which would land on whichever row came first.
  for (const perCall of options.textsPerCall) {
    const before = process.cpuUsage();
    for (let warmed = 0; !enough(warmed, cpuUsSince(before)); warmed += options.texts.length)
      for (let start = 0; start < options.texts.length; start += perCall)
        await options.encode(options.texts.slice(start, start + perCall));
  }
  const rows: TokenizationRow[] = [];
  for (const bucket of lengthBuckets(options.texts, options.tokenCounts)) {
    for (const perCall of options.textsPerCall) {
      const calls: string[][] = [];
      for (let start = 0; start < bucket.texts.length; start += perCall)
        calls.push(bucket.texts.slice(start, start + perCall));
      const pass = async () => {
        for (const call of calls) await options.encode(call);
      };
      await pass();
      let timed = 0;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      while (!enough(timed, cpuUsSince(cpuBefore))) {
        await pass();
        timed += bucket.texts.length;
      }
      const wallUs = (performance.now() - started) * 1000;
      const cpuUs = cpuUsSince(cpuBefore);
      rows.push({
        bucket: bucket.name,
        tokens: bucket.tokens,
        sampleTexts: bucket.texts.length,
        meanTokens: bucket.meanTokens,
        textsPerCall: perCall,
        textsTimed: timed,
        cpuUsPerText: +(cpuUs / timed).toFixed(1),
        wallUsPerText: +(wallUs / timed).toFixed(1),
      });
    }
  }
  return { function: options.name, rows };
}
