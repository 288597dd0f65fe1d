// Original file: sieve/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Limits of one tenant. An unset field means no limit of that kind.
 */
export interface TenantLimits {
  'requestsPerSecond'?: (number | string | Long);
  'requestsPerMinute'?: (number | string | Long);
  'textsPerMinute'?: (number | string | Long);
  /**
   * Counted with the model's tokenizer, special tokens included.
   */
  'tokensPerMinute'?: (number | string | Long);
  /**
   * Texts accepted but not yet answered, interactive and batch together.
   */
  'maxConcurrentTexts'?: (number | string | Long);
  /**
   * UTC calendar day.
   */
  'textsPerDay'?: (number | string | Long);
  'maxTextsPerCall'?: (number | string | Long);
  'maxBatchTexts'?: (number | string | Long);
  'maxConcurrentBatches'?: (number | string | Long);
  '_requestsPerSecond'?: "requestsPerSecond";
  '_requestsPerMinute'?: "requestsPerMinute";
  '_textsPerMinute'?: "textsPerMinute";
  '_tokensPerMinute'?: "tokensPerMinute";
  '_maxConcurrentTexts'?: "maxConcurrentTexts";
  '_textsPerDay'?: "textsPerDay";
  '_maxTextsPerCall'?: "maxTextsPerCall";
  '_maxBatchTexts'?: "maxBatchTexts";
  '_maxConcurrentBatches'?: "maxConcurrentBatches";
}

/**
 * Limits of one tenant. An unset field means no limit of that kind.
 */
export interface TenantLimits__Output {
  'requestsPerSecond'?: (number);
  'requestsPerMinute'?: (number);
  'textsPerMinute'?: (number);
  /**
   * Counted with the model's tokenizer, special tokens included.
   */
  'tokensPerMinute'?: (number);
  /**
   * Texts accepted but not yet answered, interactive and batch together.
   */
  'maxConcurrentTexts'?: (number);
  /**
   * UTC calendar day.
   */
  'textsPerDay'?: (number);
  'maxTextsPerCall'?: (number);
  'maxBatchTexts'?: (number);
  'maxConcurrentBatches'?: (number);
  '_requestsPerSecond'?: "requestsPerSecond";
  '_requestsPerMinute'?: "requestsPerMinute";
  '_textsPerMinute'?: "textsPerMinute";
  '_tokensPerMinute'?: "tokensPerMinute";
  '_maxConcurrentTexts'?: "maxConcurrentTexts";
  '_textsPerDay'?: "textsPerDay";
  '_maxTextsPerCall'?: "maxTextsPerCall";
  '_maxBatchTexts'?: "maxBatchTexts";
  '_maxConcurrentBatches'?: "maxConcurrentBatches";
}
