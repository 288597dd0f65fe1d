import { UsageAccumulator } from './usage-accumulator.ts';
import type { UsageLedger, UsageRecord } from './usage-ledger.ts';

export interface BufferedUsageRecorderOptions {
  ledger: Pick<UsageLedger, 'recordMany'>;
  /** How often sums are written; 0 writes every record at once (one MULTI per record). */
  flushMs: number;
  /** A background write failed; its sums are kept and written with the next flush. */
  onError: (error: unknown) => void;
  now?: () => number;
}

/**
 * Usage on the answer path costs nothing but an addition: records are summed per tenant, model and hour
 * (`UsageAccumulator`) and written every `flushMs` in one MULTI. A failed write puts its sums back, so usage
 * survives a Redis outage as long as the gateway does; `close` writes what is left. What a crash loses is at most
 * the last `flushMs` of counts, never an accepted request.
 */
export class BufferedUsageRecorder {
  private readonly pending: UsageAccumulator;
  private readonly timer: NodeJS.Timeout | undefined;
  /** Flushes run one after another, so that a failure's sums go back before the next take. */
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: BufferedUsageRecorderOptions) {
    this.pending = new UsageAccumulator(options.now);
    if (options.flushMs > 0) {
      this.timer = setInterval(() => {
        if (this.pending.size > 0) this.flush().catch(options.onError);
      }, options.flushMs);
      this.timer.unref();
    }
  }

  record(record: UsageRecord): void {
    this.pending.add(record);
    if (this.timer === undefined) this.flush().catch(this.options.onError);
  }

  /** Writes every sum held now (e.g. before reading usage back); rejects if the write fails (the sums are kept). */
  flush(): Promise<void> {
    const run = this.flushing.then(async () => {
      const records = this.pending.take();
      try {
        await this.options.ledger.recordMany(records);
      } catch (error) {
        for (const record of records) this.pending.add(record);
        throw error;
      }
    });
    this.flushing = run.catch(() => undefined);
    return run;
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
