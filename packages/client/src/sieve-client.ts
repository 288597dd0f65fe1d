import {
  credentials,
  Metadata,
  status,
  type ChannelCredentials,
  type ClientDuplexStream,
  type ClientUnaryCall,
  type ServiceError,
} from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  loadSieveProtos,
  type ClassifyRequestInit,
  type ClassifyResponse,
  type ClassifyStreamRequestInit,
  type ClassifyStreamResponse,
  type GetModelResponse,
  type ListModelsResponse,
  type InferenceClient,
  type Model,
  type ModelsClient,
} from '@sieve/api';
import { BatchClient } from './batch-client.ts';
import { ClassifyStreamCall, type ClassifyStreamResult } from './classify-stream-call.ts';
import { gatewayTargets, type GatewayAddresses } from './gateway-targets.ts';
import { HeadsClient } from './heads-client.ts';
import type {
  CallOptions,
  ClassifyOptions,
  ClassifyStreamOptions,
  RetryEvent,
  SieveClientOptions,
} from './interfaces/client-options.ts';
import { RetryBudget } from './retry-budget.ts';
import { backoffMs, DEFAULT_RETRY, isRetryable, type RetryOptions } from './retry-policy.ts';
import { SieveClientError } from './sieve-client-error.ts';

const DEFAULT_DEADLINE_MS = 30_000;

interface Gateway {
  target: string;
  inference: InferenceClient;
  models: ModelsClient;
}

type UnaryCallback<T> = (error: ServiceError | null, response?: T) => void;

/**
 * sieve from TypeScript: classify (one call or a stream of them), models, and the batch and head clients, over one
 * gateway, several (rotated per call; a retry goes to the next) or a `dns:` name (round robin over its addresses).
 * Calls are retried only where that is safe, after the delay the server asks for, within a retry budget and never
 * past the call's deadline.
 */
export class SieveClient {
  private readonly gateways: Gateway[];
  private readonly retry: RetryOptions;
  private readonly budget: RetryBudget;
  private readonly credentials: ChannelCredentials;
  private next = 0;
  /** Batch jobs (on the first gateway target). */
  readonly batches: BatchClient;
  /** Heads (on the first gateway target). */
  readonly heads: HeadsClient;

  constructor(
    addresses: GatewayAddresses,
    private readonly options: SieveClientOptions = {},
  ) {
    const { grpc } = loadSieveProtos();
    this.credentials = options.credentials ?? credentials.createInsecure();
    const targets = gatewayTargets(addresses);
    const channelOptionsOf = (serviceConfig: string | undefined) => ({
      // grpc-js waits up to 120 s between reconnects to a gateway that went away; retries would meet a channel
      // that refuses calls long after a restarted gateway is back.
      'grpc.max_reconnect_backoff_ms': 5_000,
      ...options.channelOptions,
      ...(serviceConfig ? { 'grpc.service_config': serviceConfig } : {}),
    });
    this.gateways = targets.map(({ target, serviceConfig }) => {
      const channelOptions = channelOptionsOf(serviceConfig);
      return {
        target,
        inference: new grpc.sieve.v1.Inference(target, this.credentials, channelOptions),
        models: new grpc.sieve.v1.Models(target, this.credentials, channelOptions),
      };
    });
    this.retry =
      options.retry === false ? { ...DEFAULT_RETRY, maxAttempts: 1 } : { ...DEFAULT_RETRY, ...options.retry };
    this.budget = new RetryBudget(this.retry.budgetRatio, this.retry.budgetMinimum);
    // Batch and head calls are long-lived streams that resume by offset (BatchClient.results) rather than calls to
    // spread: they use the first target, which balances by itself when it is a dns: name or an ipv4: list.
    const first = targets[0]!;
    const shared = {
      apiKey: options.apiKey,
      credentials: this.credentials,
      channelOptions: channelOptionsOf(first.serviceConfig),
    };
    this.batches = new BatchClient(first.target, shared);
    this.heads = new HeadsClient(first.target, { ...shared, tenant: options.tenant });
  }

  /** Retries the client may still spend before its budget refills. */
  get retriesAvailable(): number {
    return this.budget.available;
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    if (this.options.apiKey) metadata.set('authorization', `Bearer ${this.options.apiKey}`);
    if (this.options.tenant) metadata.set('x-sieve-tenant', this.options.tenant);
    return metadata;
  }

  private nextGateway(): Gateway {
    const gateway = this.gateways[this.next % this.gateways.length]!;
    this.next += 1;
    return gateway;
  }

  /**
   * Classifies texts with one model (the call's, else the client's), or a whole ClassifyRequest. A request id is
   * added when the request has none, so that the gateway answers a retry from the first attempt's result instead
   * of computing it twice: that is what makes Classify safe to retry.
   */
  classify(
    input: readonly string[] | ClassifyRequestInit,
    options: ClassifyOptions = {},
  ): Promise<ClassifyResponse> {
    const request = this.requestOf(input, options.model);
    return this.unary(true, options, (gateway, metadata, deadline, done: UnaryCallback<ClassifyResponse>) =>
      gateway.inference.Classify(request, metadata, { deadline }, done),
    );
  }

  /**
   * Many requests on one stream: answers come as they are ready (each with the index of its request in `requests`),
   * a failed request is a result with `error`, not an exception. At most `maxInFlight` requests are sent and not yet
   * read by the caller: a caller that stops reading stops the input being read. A stream the gateway ends with
   * UNAVAILABLE (restarted, draining) is reopened on the next gateway with the requests it had not answered.
   */
  classifyStream(
    requests:
      | Iterable<readonly string[] | ClassifyRequestInit>
      | AsyncIterable<readonly string[] | ClassifyRequestInit>,
    options: ClassifyStreamOptions = {},
  ): AsyncGenerator<ClassifyStreamResult> {
    const deadline = options.deadlineMs === undefined ? undefined : Date.now() + options.deadlineMs;
    const call = new ClassifyStreamCall({
      open: () => {
        const gateway = this.nextGateway();
        const stream: ClientDuplexStream<ClassifyStreamRequestInit, ClassifyStreamResponse> =
          gateway.inference.ClassifyStream(this.metadata(), deadline === undefined ? {} : { deadline });
        return { stream, target: gateway.target };
      },
      requestOf: (input) => this.requestOf(input, options.model),
      maxInFlight: options.maxInFlight ?? 32,
      retry: this.retry,
      budget: this.budget,
      deadline,
      onRetry: (event) => this.options.onRetry?.(event),
    });
    return call.results(requests, options.signal);
  }

  /** Every served model (all versions). */
  async listModels(options: CallOptions = {}): Promise<Model[]> {
    const response = await this.unary<ListModelsResponse>(
      true,
      options,
      (gateway, metadata, deadline, done) => gateway.models.List({}, metadata, { deadline }, done),
    );
    return response.models;
  }

  /** One model: "name" (its default version) or "name@version". */
  async getModel(name: string, options: CallOptions = {}): Promise<Model> {
    const response = await this.unary<GetModelResponse>(true, options, (gateway, metadata, deadline, done) =>
      gateway.models.Get({ name }, metadata, { deadline }, done),
    );
    return response.model!;
  }

  private requestOf(input: readonly string[] | ClassifyRequestInit, model?: string): ClassifyRequestInit {
    const request: ClassifyRequestInit = isTextList(input)
      ? { model: model ?? this.options.model ?? '', texts: [...input] }
      : { ...input };
    if (!request.model) request.model = model ?? this.options.model;
    if (!request.requestId) request.requestId = randomUUID();
    return request;
  }

  /** One unary call with retries: see isRetryable for what is retried and backoffMs for how long it waits. */
  private async unary<T>(
    idempotent: boolean,
    options: CallOptions,
    invoke: (
      gateway: Gateway,
      metadata: Metadata,
      deadline: number,
      done: UnaryCallback<T>,
    ) => ClientUnaryCall,
  ): Promise<T> {
    const deadline = Date.now() + (options.deadlineMs ?? this.options.deadlineMs ?? DEFAULT_DEADLINE_MS);
    const { signal } = options;
    this.budget.deposit();
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted)
        throw new SieveClientError(status.CANCELLED, 'cancelled by the caller', {}, attempt - 1);
      const gateway = this.nextGateway();
      try {
        return await new Promise<T>((resolve, reject) => {
          const call = invoke(gateway, this.metadata(), deadline, (error, response) => {
            signal?.removeEventListener('abort', cancel);
            if (error) reject(error);
            else resolve(response as T);
          });
          const cancel = () => call.cancel();
          signal?.addEventListener('abort', cancel, { once: true });
        });
      } catch (thrown) {
        const error = SieveClientError.of(thrown, attempt);
        const retryable = isRetryable({
          code: error.code,
          retryDelayMs: error.retryDelayMs,
          idempotent,
          responded: false,
        });
        if (!retryable || attempt >= this.retry.maxAttempts) throw error;
        const delayMs = backoffMs(attempt, this.retry, error.retryDelayMs);
        // A retry that could not finish before the caller's deadline is not made: the caller gets the real error.
        if (Date.now() + delayMs >= deadline || !this.budget.withdraw()) throw error;
        const event: RetryEvent = { attempt, code: error.code, delayMs, target: gateway.target };
        this.options.onRetry?.(event);
        await sleep(delayMs, signal);
      }
    }
  }

  close(): void {
    for (const gateway of this.gateways) {
      gateway.inference.close();
      gateway.models.close();
    }
    this.batches.close();
    this.heads.close();
  }
}

function isTextList(input: readonly string[] | ClassifyRequestInit): input is readonly string[] {
  return Array.isArray(input);
}

/** Waits, or stops waiting when the caller aborts (the next attempt then sees the abort). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch((error: unknown) => {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
  });
}
