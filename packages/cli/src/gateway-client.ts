import { credentials, Metadata, status, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import {
  loadSieveProtos,
  statusDetailsOf,
  type ClassifyRequestInit,
  type ClassifyResponse,
  type Model,
} from '@sieve/api';
import { CliError } from './cli-error.ts';
import { exitCodeOfStatus } from './exit-codes.ts';

/** The CLI's view of a running gateway: unary calls with a deadline, errors turned into one readable line. */
export class GatewayClient {
  private readonly address: string;
  private readonly inference;
  private readonly models;
  private readonly apiKey: string | undefined;

  constructor(address: string, options: { apiKey?: string; credentials?: ChannelCredentials } = {}) {
    const { grpc } = loadSieveProtos();
    this.address = address;
    this.apiKey = options.apiKey;
    const channel = options.credentials ?? credentials.createInsecure();
    this.inference = new grpc.sieve.v1.Inference(address, channel);
    this.models = new grpc.sieve.v1.Models(address, channel);
  }

  listModels(): Promise<Model[]> {
    return new Promise((resolve, reject) =>
      this.models.List({}, this.metadata(), { deadline: Date.now() + 10_000 }, (error, response) =>
        error ? reject(this.describe(error)) : resolve(response!.models),
      ),
    );
  }

  classify(request: ClassifyRequestInit, timeoutMs: number): Promise<ClassifyResponse> {
    return new Promise((resolve, reject) =>
      this.inference.Classify(
        request,
        this.metadata(),
        { deadline: Date.now() + timeoutMs },
        (error, response) => (error ? reject(this.describe(error)) : resolve(response!)),
      ),
    );
  }

  /** Accepts "name", "name@version" or "name@sha256:<hex>", like every call naming a model. */
  getModel(name: string): Promise<Model> {
    return new Promise((resolve, reject) =>
      this.models.Get({ name }, this.metadata(), { deadline: Date.now() + 10_000 }, (error, response) =>
        error ? reject(this.describe(error)) : resolve(response!.model!),
      ),
    );
  }

  close(): void {
    this.inference.close();
    this.models.close();
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    if (this.apiKey) metadata.set('authorization', `Bearer ${this.apiKey}`);
    return metadata;
  }

  private describe(error: ServiceError): CliError {
    return describeCallError(error, this.address);
  }
}

/**
 * A failed call as one line a user can act on (the code, each field violation, and when to retry), exiting with
 * the status its gRPC code maps to.
 */
export function describeCallError(error: ServiceError, address: string): CliError {
  const exitCode = exitCodeOfStatus(error.code);
  if (error.code === status.UNAVAILABLE) {
    return new CliError(
      `no gateway answers at ${address} (${error.details}); start one with \`pnpm start\` or pass --address`,
      exitCode,
    );
  }
  const details = statusDetailsOf(error);
  const violations = details.badRequest?.fieldViolations
    .map((v) => `${v.field}: ${v.description}`)
    .join('; ');
  const retry = details.retryDelayMs !== undefined ? ` (retry in ${Math.ceil(details.retryDelayMs)} ms)` : '';
  return new CliError(
    `${status[error.code] ?? error.code}: ${violations ?? error.details}${retry}`,
    exitCode,
  );
}

/**
 * Runs `action` with a client that `open` makes, closes the client afterwards, and turns a failed call into one
 * readable line (the shape of every `sieve batch` and `sieve heads` subcommand).
 */
export async function withClosingClient<C extends { close(): void }, T>(
  address: string,
  open: () => C,
  action: (client: C) => Promise<T>,
): Promise<T> {
  const client = open();
  try {
    return await action(client);
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error && 'details' in error) {
      throw describeCallError(error as ServiceError, address);
    }
    throw error;
  } finally {
    client.close();
  }
}

/** A protobuf Timestamp as ISO 8601, or '-' when unset. */
export const isoTime = (ts: { seconds: number | string } | null): string =>
  ts ? new Date(Number(ts.seconds) * 1000).toISOString() : '-';
