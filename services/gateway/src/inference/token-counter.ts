import { TextTokenizer, type TruncationMode } from '@sieve/runtime/tokenizer';
import type { TokenizerExchange } from '@sieve/queue';
import type { CatalogEntry } from '../models/model-catalog.ts';

/**
 * Counts a request's tokens with the served model's own tokenizer (fetched once per model digest from what the
 * workers published), for tokens-per-minute quotas. Only asked when a tenant has such a limit.
 *
 * Why the gateway counts and the worker tokenizes, rather than the gateway sending ids in the job (issue 30, measured
 * on the realistic corpus, bench/NOTES.md 2026-12-06): TextTokenizer is the one owner of a text's tokens on both
 * sides, and its count-only path builds no ids (~4 µs of CPU per text) while the worker's encode is ~6 µs. Ids in the
 * queued item would cost ~1-2 µs to write and ~2-6 µs to read back as base64 (Int32: the vocabulary is over 65,536)
 * and 243 bytes per text in Redis and every job payload, 1.6 times the mean text's 150: more memory per queued text
 * to save the worker at most a few µs, and only for tenants with a token limit.
 */
export class TokenCounter {
  private readonly tokenizers = new Map<string, Promise<TextTokenizer>>();

  constructor(private readonly exchange: TokenizerExchange) {}

  private tokenizer(model: CatalogEntry): Promise<TextTokenizer> {
    let tokenizer = this.tokenizers.get(model.digest);
    if (!tokenizer) {
      tokenizer = this.exchange.fetch(model.digest).then((json) => {
        if (!json) throw new Error(`no tokenizer published for ${model.ref} (${model.digest})`);
        return TextTokenizer.fromJson(`${model.ref}/tokenizer.json`, json, model.maxLength);
      });
      tokenizer.catch(() => this.tokenizers.delete(model.digest));
      this.tokenizers.set(model.digest, tokenizer);
    }
    return tokenizer;
  }

  async count(model: CatalogEntry, texts: readonly string[], truncation: TruncationMode): Promise<number> {
    const tokenizer = await this.tokenizer(model);
    const counts = await tokenizer.countTokens(texts);
    return counts.reduce(
      (sum, count) => sum + (truncation === 'none' ? count : Math.min(count, model.maxLength)),
      0,
    );
  }
}
