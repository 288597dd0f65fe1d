import {
  credentials,
  Metadata,
  status,
  type ChannelCredentials,
  type ChannelOptions,
  type ServiceError,
} from '@grpc/grpc-js';
import {
  loadSieveProtos,
  type Batch,
  type BatchesClient,
  type BatchItemInit,
  type BatchResult,
  type BatchState,
  type StreamBatchResultsResponse,
  type SubmitBatchResponse,
  type TruncationName,
} from '@sieve/api';

export interface BatchSpecInit {
  model: string;
  idempotencyKey: string;
  displayName?: string;
  options?: {
    topK?: number;
    rawScores?: boolean;
    truncation?: TruncationName;
  };
  /** How long results stay after the batch ends. */
  resultRetentionMs?: number;
}

export interface BatchClientOptions {
  /** Sent as `authorization: Bearer <key>`. */
  apiKey?: string;
  credentials?: ChannelCredentials;
  /** Passed to the channel (a load-balancing service config, reconnect backoff, keepalive). */
  channelOptions?: ChannelOptions;
  /** Items per upload message. */
  itemsPerMessage?: number;
}

/**
 * The Batches service from TypeScript: `submit` streams items with backpressure (never the whole input in one
 * message), `results` reads in input order and resumes after a dropped connection from the last offset received.
 */
export class BatchClient {
  private readonly client: BatchesClient;
  private readonly options: BatchClientOptions;

  constructor(address: string, options: BatchClientOptions = {}) {
    const { grpc } = loadSieveProtos();
    this.client = new grpc.sieve.v1.Batches(
      address,
      options.credentials ?? credentials.createInsecure(),
      options.channelOptions,
    );
    this.options = options;
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    if (this.options.apiKey) metadata.set('authorization', `Bearer ${this.options.apiKey}`);
    return metadata;
  }

  /** Uploads the items; `onProgress` sees the count sent so far. Resolves with the batch once it is created. */
  submit(
    spec: BatchSpecInit,
    items: Iterable<BatchItemInit> | AsyncIterable<BatchItemInit>,
    onProgress?: (sent: number) => void,
  ): Promise<SubmitBatchResponse> {
    const perMessage = this.options.itemsPerMessage ?? 500;
    return new Promise((resolve, reject) => {
      const call = this.client.Submit(this.metadata(), (error, response) =>
        error ? reject(error) : resolve(response!),
      );
      const write = (message: object) =>
        call.write(message) ? Promise.resolve() : new Promise<void>((done) => call.once('drain', done));
      (async () => {
        const retention = spec.resultRetentionMs;
        await write({
          spec: {
            model: spec.model,
            idempotencyKey: spec.idempotencyKey,
            displayName: spec.displayName ?? '',
            options: spec.options ?? {},
            ...(retention
              ? {
                  resultRetention: { seconds: Math.floor(retention / 1000), nanos: (retention % 1000) * 1e6 },
                }
              : {}),
          },
        });
        let chunk: BatchItemInit[] = [];
        let sent = 0;
        for await (const item of items) {
          chunk.push(item);
          if (chunk.length === perMessage) {
            await write({ chunk: { items: chunk } });
            sent += chunk.length;
            onProgress?.(sent);
            chunk = [];
          }
        }
        if (chunk.length > 0) {
          await write({ chunk: { items: chunk } });
          sent += chunk.length;
          onProgress?.(sent);
        }
        call.end();
      })().catch((error: unknown) => {
        call.cancel();
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  get(id: string): Promise<Batch> {
    return new Promise((resolve, reject) =>
      this.client.Get({ id }, this.metadata(), (error, response) =>
        error ? reject(error) : resolve(response!.batch!),
      ),
    );
  }

  list(options: { pageSize?: number; pageToken?: string; state?: BatchState } = {}): Promise<{
    batches: Batch[];
    nextPageToken: string;
  }> {
    return new Promise((resolve, reject) =>
      this.client.List(options, this.metadata(), (error, response) =>
        error ? reject(error) : resolve(response!),
      ),
    );
  }

  cancel(id: string): Promise<Batch> {
    return new Promise((resolve, reject) =>
      this.client.Cancel({ id }, this.metadata(), (error, response) =>
        error ? reject(error) : resolve(response!.batch!),
      ),
    );
  }

  /**
   * Results in input order from `offset`. With `follow`, waits for results until the batch ends. A stream broken
   * by the network or a gateway restart (UNAVAILABLE) is reopened from the last offset received, `retries` times.
   */
  async *results(
    id: string,
    options: { offset?: number; follow?: boolean; retries?: number } = {},
  ): AsyncGenerator<BatchResult> {
    let offset = options.offset ?? 0;
    let retries = options.retries ?? 10;
    for (;;) {
      const call = this.client.StreamResults(
        { id, offset, follow: options.follow ?? false },
        this.metadata(),
      );
      try {
        for await (const message of call as AsyncIterable<StreamBatchResultsResponse>) {
          for (const result of message.results) yield result;
          offset = Number(message.nextOffset);
        }
        return;
      } catch (error) {
        const code = (error as ServiceError).code;
        if (code !== status.UNAVAILABLE || retries-- <= 0) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      } finally {
        call.cancel();
      }
    }
  }

  close(): void {
    this.client.close();
  }
}
