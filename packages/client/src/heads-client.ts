import { credentials, Metadata, type ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';
import {
  loadSieveProtos,
  type Head,
  type HeadsClient as HeadsStub,
  type TrainHeadResponse,
  type TrainingExampleInit,
} from '@sieve/api';

export interface HeadSpecInit {
  /** The served model whose pooled features the head reads: "name" or "name@version". */
  baseModel: string;
  name: string;
  labels: string[];
  /** 0 or absent: the server's default (0.2). */
  holdoutFraction?: number;
  idempotencyKey?: string;
  /** 0 or absent: softmax regression; n: a small MLP with n hidden units. */
  hiddenUnits?: number;
  /** Absent: the server's default (square-root inverse frequency). */
  classWeighting?: 'sqrt-inverse' | 'inverse' | 'none';
}

const WEIGHTING = {
  'sqrt-inverse': 'CLASS_WEIGHTING_SQRT_INVERSE',
  inverse: 'CLASS_WEIGHTING_INVERSE',
  none: 'CLASS_WEIGHTING_NONE',
} as const;

export interface HeadsClientOptions {
  /** Sent as `authorization: Bearer <key>`. */
  apiKey?: string;
  /** The tenant the key must belong to (`x-sieve-tenant`): a key of another tenant is refused, not used. */
  tenant?: string;
  credentials?: ChannelCredentials;
  /** Passed to the channel (a load-balancing service config, reconnect backoff, keepalive). */
  channelOptions?: ChannelOptions;
  /** Examples per upload message. */
  examplesPerMessage?: number;
}

const SETTLED = new Set(['HEAD_STATE_READY', 'HEAD_STATE_FAILED']);

/**
 * The Heads service from TypeScript: `train` streams labelled examples with backpressure, `waitForTraining`
 * follows a head version until it is READY or FAILED.
 */
export class HeadsClient {
  private readonly client: HeadsStub;

  constructor(
    address: string,
    private readonly options: HeadsClientOptions = {},
  ) {
    const { grpc } = loadSieveProtos();
    this.client = new grpc.sieve.v1.Heads(
      address,
      options.credentials ?? credentials.createInsecure(),
      options.channelOptions,
    );
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    if (this.options.apiKey) metadata.set('authorization', `Bearer ${this.options.apiKey}`);
    if (this.options.tenant) metadata.set('x-sieve-tenant', this.options.tenant);
    return metadata;
  }

  /** Uploads the examples; `onProgress` sees the count sent so far. Resolves once the head version exists. */
  train(
    spec: HeadSpecInit,
    examples: Iterable<TrainingExampleInit> | AsyncIterable<TrainingExampleInit>,
    onProgress?: (sent: number) => void,
  ): Promise<TrainHeadResponse> {
    const perMessage = this.options.examplesPerMessage ?? 500;
    return new Promise((resolve, reject) => {
      const call = this.client.Train(this.metadata(), (error, response) =>
        error ? reject(error) : resolve(response!),
      );
      const write = (message: object) =>
        call.write(message) ? Promise.resolve() : new Promise<void>((done) => call.once('drain', done));
      (async () => {
        await write({
          spec: {
            baseModel: spec.baseModel,
            name: spec.name,
            labels: spec.labels,
            holdoutFraction: spec.holdoutFraction ?? 0,
            idempotencyKey: spec.idempotencyKey ?? '',
            hiddenUnits: spec.hiddenUnits ?? 0,
            classWeighting: spec.classWeighting
              ? WEIGHTING[spec.classWeighting]
              : 'CLASS_WEIGHTING_UNSPECIFIED',
          },
        });
        let chunk: TrainingExampleInit[] = [];
        let sent = 0;
        const send = async () => {
          await write({ examples: { examples: chunk } });
          sent += chunk.length;
          onProgress?.(sent);
          chunk = [];
        };
        for await (const example of examples) {
          chunk.push(example);
          if (chunk.length === perMessage) await send();
        }
        if (chunk.length > 0) await send();
        call.end();
      })().catch((error: unknown) => {
        call.cancel();
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  /** "base+name" (the latest version) or "base+name@version". */
  get(model: string): Promise<Head> {
    return new Promise((resolve, reject) =>
      this.client.Get({ model }, this.metadata(), (error, response) =>
        error ? reject(error) : resolve(response!.head!),
      ),
    );
  }

  list(baseModel = ''): Promise<Head[]> {
    return new Promise((resolve, reject) =>
      this.client.List({ baseModel }, this.metadata(), (error, response) =>
        error ? reject(error) : resolve(response!.heads),
      ),
    );
  }

  /** "base+name@version" deletes that version, "base+name" every version; resolves with what was deleted. */
  delete(model: string): Promise<Head[]> {
    return new Promise((resolve, reject) =>
      this.client.Delete({ model }, this.metadata(), (error, response) =>
        error ? reject(error) : resolve(response!.heads),
      ),
    );
  }

  /** Polls until the version is READY or FAILED (`onPoll` sees every state); rejects after `timeoutMs`. */
  async waitForTraining(
    model: string,
    options: { pollMs?: number; timeoutMs?: number; onPoll?: (head: Head) => void } = {},
  ): Promise<Head> {
    const until = Date.now() + (options.timeoutMs ?? 3_600_000);
    for (;;) {
      const head = await this.get(model);
      options.onPoll?.(head);
      if (SETTLED.has(head.state)) return head;
      if (Date.now() > until)
        throw new Error(`head ${model} is still ${head.state} after ${options.timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
    }
  }

  close(): void {
    this.client.close();
  }
}
