import { TextTokenizer, type TruncationMode } from '@sieve/runtime/tokenizer';
import type { TokenizerExchange } from '@sieve/queue';
import type { CatalogEntry } from '../models/model-catalog.ts';

/**
 * Counts a request's tokens with the served model's own tokenizer (fetched once per model digest from what the
 * workers published), for tokens-per-minute quotas. Only asked when a tenant has such a limit: tokenizing costs
 * gateway CPU.
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
