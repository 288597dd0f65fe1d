import { bucketStart } from './time-buckets.ts';
import type { UsageRecord } from './usage-ledger.ts';

const COUNTS = ['requests', 'texts', 'tokens', 'inferenceMs', 'batchTexts', 'cachedTexts'] as const;

/**
 * Sums usage records per tenant, model and hour, so that a gateway writes one record per tenant and model per flush
 * instead of one per call (a MULTI of ~15 commands per call cost a third of the fabric's unary throughput). Pure:
 * time comes from each record or from `now`.
 */
export class UsageAccumulator {
  private totals = new Map<string, UsageRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Distinct tenant, model and hour sums held. */
  get size(): number {
    return this.totals.size;
  }

  add(record: UsageRecord): void {
    // The hour's start stands for every record in it: the hourly and the daily bucket both follow from it.
    const hour = bucketStart(record.time ?? new Date(this.now()), 'hour');
    const key = `${record.tenantId}\u0000${record.model}\u0000${hour.getTime()}`;
    let total = this.totals.get(key);
    if (total === undefined) {
      total = { tenantId: record.tenantId, model: record.model, time: hour };
      this.totals.set(key, total);
    }
    for (const count of COUNTS) {
      const value = record[count];
      if (value) total[count] = (total[count] ?? 0) + value;
    }
    for (const [reason, value] of Object.entries(record.rejections ?? {})) {
      if (!value) continue;
      total.rejections ??= {};
      total.rejections[reason] = (total.rejections[reason] ?? 0) + value;
    }
  }

  /** Everything added since the last take, one record per tenant, model and hour; empty afterwards. */
  take(): UsageRecord[] {
    const records = [...this.totals.values()];
    this.totals = new Map();
    return records;
  }
}
