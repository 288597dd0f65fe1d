import { credentials, Metadata, status, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { loadSieveProtos, statusDetailsOf } from '@sieve/api';
import { CliError } from './cli-error.ts';

/** Admin API calls for the CLI, with the admin token from --admin-token or SIEVE_ADMIN_TOKEN. */
export class AdminClient {
  private readonly client;
  private readonly metadata = new Metadata();

  constructor(
    private readonly address: string,
    token: string | undefined,
    channel: ChannelCredentials = credentials.createInsecure(),
  ) {
    if (!token)
      throw new CliError('the Admin API needs the admin token: --admin-token or SIEVE_ADMIN_TOKEN', 2);
    this.metadata.set('authorization', `Bearer ${token}`);
    this.client = new (loadSieveProtos().grpc.sieve.v1.Admin)(address, channel);
  }

  call<T>(method: string, request: object): Promise<T> {
    return new Promise((resolve, reject) =>
      (this.client as unknown as Record<string, (...args: unknown[]) => void>)[method]!.call(
        this.client,
        request,
        this.metadata,
        { deadline: Date.now() + 15_000 },
        (error: ServiceError | null, response: T) =>
          error ? reject(this.describe(error)) : resolve(response),
      ),
    );
  }

  close(): void {
    this.client.close();
  }

  private describe(error: ServiceError): CliError {
    if (error.code === status.UNAVAILABLE)
      return new CliError(`no gateway answers at ${this.address} (${error.details})`);
    if (error.code === status.UNIMPLEMENTED) {
      return new CliError(
        `the gateway at ${this.address} has no Admin API (start it with SIEVE_ADMIN_TOKEN set)`,
      );
    }
    const violations = statusDetailsOf(error).badRequest?.fieldViolations.map(
      (v) => `${v.field}: ${v.description}`,
    );
    return new CliError(`${status[error.code] ?? error.code}: ${violations?.join('; ') ?? error.details}`);
  }
}
