import type { ClassifyResponseInit, TextClassificationInit } from '@sieve/api';

/**
 * The compact forms answers take in Redis (response cache, request-id memo): a text's answer as
 * [tokenCount, flags, label, score, label, score, ...] with flags 1 = truncated, 2 = cached, about a third of its
 * JSON as an object; and a whole call's answer as those plus the model, digest, token count and timings in
 * milliseconds. Every byte here is multiplied by the entries the per-tenant bounds allow. Pure.
 */
type EncodedText = [number, number, ...Array<string | number>];

interface EncodedResponse {
  /** model, modelDigest, requestId */
  m: [string, string, string];
  /** tokenCount */
  t: number;
  /** timings in ms: total, queue, tokenization, inference */
  ms: [number, number, number, number];
  r: EncodedText[];
}

type Duration = NonNullable<NonNullable<ClassifyResponseInit['timings']>['total']>;

const msOf = (duration: Duration | null | undefined) =>
  duration ? Number(duration.seconds ?? 0) * 1000 + Number(duration.nanos ?? 0) / 1e6 : 0;
const durationOf = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) });

export function encodeText(result: TextClassificationInit): EncodedText {
  const encoded: EncodedText = [
    Number(result.tokenCount ?? 0),
    (result.truncated ? 1 : 0) | (result.cached ? 2 : 0),
  ];
  for (const { label, score } of result.labels ?? []) encoded.push(label ?? '', Number(score ?? 0));
  return encoded;
}

export function decodeText(encoded: EncodedText): TextClassificationInit {
  const [tokenCount, flags, ...pairs] = encoded;
  const labels = [];
  for (let i = 0; i + 1 < pairs.length; i += 2)
    labels.push({ label: String(pairs[i]), score: Number(pairs[i + 1]) });
  return { labels, tokenCount, truncated: (flags & 1) === 1, cached: (flags & 2) === 2 };
}

export function encodeResponse(response: ClassifyResponseInit): string {
  const timings = response.timings;
  const encoded: EncodedResponse = {
    m: [response.model ?? '', response.modelDigest ?? '', response.requestId ?? ''],
    t: Number(response.tokenCount ?? 0),
    ms: [msOf(timings?.total), msOf(timings?.queue), msOf(timings?.tokenization), msOf(timings?.inference)],
    r: (response.results ?? []).map(encodeText),
  };
  return JSON.stringify(encoded);
}

/** A call's answer as it was first given; undefined for anything unreadable (another version's format). */
export function decodeResponse(text: string): ClassifyResponseInit | undefined {
  try {
    const { m, t, ms, r } = JSON.parse(text) as EncodedResponse;
    if (!Array.isArray(m) || !Array.isArray(ms) || !Array.isArray(r)) return undefined;
    return {
      results: r.map(decodeText),
      model: m[0],
      modelDigest: m[1],
      requestId: m[2],
      tokenCount: t,
      timings: {
        total: durationOf(ms[0]),
        queue: durationOf(ms[1]),
        tokenization: durationOf(ms[2]),
        inference: durationOf(ms[3]),
      },
    };
  } catch {
    return undefined;
  }
}
