import type { AnchorPolicy } from './anchor-policy.ts';
import type { PendingText } from './pending-text.ts';

/** 'length' groups texts of similar length to cut padding; 'fifo' keeps arrival order (the TEI-style baseline). */
export type BatchOrdering = 'length' | 'fifo';

export interface BatchAssemblerConfig<T extends PendingText = PendingText> {
  /** Most texts in one batch. */
  readonly maxBatchTexts: number;
  /** Padded token budget: texts x longest text. A single text longer than this still runs, alone. */
  readonly maxBatchTokens: number;
  /** How long the oldest pending text may wait for company before a partial batch is released. */
  readonly maxWaitMs: number;
  readonly ordering: BatchOrdering;
  /**
   * 'length' only: a text is not added to a batch if that would push padded/real tokens above this. Leave it
   * unset (no limit) on GPU, where a bigger batch is nearly free; on CPU every padded token costs compute, so a
   * limit such as 1.5 keeps a sparse pool from pairing a short text with a long one.
   */
  readonly maxPaddingRatio?: number;
  /** Priority of texts that carry none. Default 1 (normal). */
  readonly defaultPriority?: number;
  /** 'length' only: chooses the text each batch is built around. Default: the oldest. */
  readonly anchorPolicy?: AnchorPolicy<T>;
}

export class BatchAssemblerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchAssemblerConfigError';
  }
}

export interface ResolvedBatchAssemblerConfig {
  readonly maxBatchTexts: number;
  readonly maxBatchTokens: number;
  readonly maxWaitMs: number;
  readonly ordering: BatchOrdering;
  readonly maxPaddingRatio: number;
  readonly defaultPriority: number;
}

/** Checks every field and fills defaults; throws a BatchAssemblerConfigError naming the field and the bad value. */
export function resolveBatchAssemblerConfig<T extends PendingText>(
  config: BatchAssemblerConfig<T>,
): ResolvedBatchAssemblerConfig {
  if (typeof config !== 'object' || config === null) {
    throw new BatchAssemblerConfigError(`batch assembler config must be an object, got ${describe(config)}`);
  }
  const { maxBatchTexts, maxBatchTokens, maxWaitMs, ordering, maxPaddingRatio, defaultPriority } = config;
  if (!Number.isSafeInteger(maxBatchTexts) || maxBatchTexts < 1) {
    throw new BatchAssemblerConfigError(
      `maxBatchTexts must be an integer >= 1, got ${describe(maxBatchTexts)}`,
    );
  }
  if (!Number.isSafeInteger(maxBatchTokens) || maxBatchTokens < 1) {
    throw new BatchAssemblerConfigError(
      `maxBatchTokens must be an integer >= 1, got ${describe(maxBatchTokens)}`,
    );
  }
  if (typeof maxWaitMs !== 'number' || !Number.isFinite(maxWaitMs) || maxWaitMs < 0) {
    throw new BatchAssemblerConfigError(
      `maxWaitMs must be a finite number of milliseconds >= 0, got ${describe(maxWaitMs)}`,
    );
  }
  if (ordering !== 'length' && ordering !== 'fifo') {
    throw new BatchAssemblerConfigError(`ordering must be 'length' or 'fifo', got ${describe(ordering)}`);
  }
  if (maxPaddingRatio !== undefined && (typeof maxPaddingRatio !== 'number' || !(maxPaddingRatio >= 1))) {
    throw new BatchAssemblerConfigError(
      `maxPaddingRatio must be a number >= 1 (padded/real tokens), got ${describe(maxPaddingRatio)}`,
    );
  }
  if (
    defaultPriority !== undefined &&
    (typeof defaultPriority !== 'number' || !Number.isFinite(defaultPriority))
  ) {
    throw new BatchAssemblerConfigError(
      `defaultPriority must be a finite number, got ${describe(defaultPriority)}`,
    );
  }
  if (config.anchorPolicy !== undefined && typeof config.anchorPolicy?.chooseAnchor !== 'function') {
    throw new BatchAssemblerConfigError('anchorPolicy must have a chooseAnchor(candidates, now) method');
  }
  return {
    maxBatchTexts,
    maxBatchTokens,
    maxWaitMs,
    ordering,
    maxPaddingRatio: maxPaddingRatio ?? Number.POSITIVE_INFINITY,
    defaultPriority: defaultPriority ?? 1,
  };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
