import { Metadata, status, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { loadSieveProtos, statusDetailsOf } from '@sieve/api';
import type { Command } from 'commander';
import { findAdminToken } from './admin-token.ts';
import { CliError } from './cli-error.ts';
import { exitCodeOfStatus } from './exit-codes.ts';
import { channelCredentialsOf, withTlsOptions, type TlsOptions } from './tls-options.ts';

/** The options every Admin API command takes: where the gateway is and which admin token to send. */
export interface AdminConnectionOptions extends TlsOptions {
  address: string;
  adminToken?: string;
  dataDir?: string;
}

export function withAdminConnection(command: Command): Command {
  return withTlsOptions(command)
    .option('--address <host:port>', 'gateway address', process.env.SIEVE_ADDRESS ?? '127.0.0.1:50051')
    .option(
      '--admin-token <token>',
      'admin credential (default: $SIEVE_ADMIN_TOKEN, else the admin-token file `pnpm start` wrote)',
    )
    .option('--data-dir <dir>', "where `pnpm start` wrote admin-token (default: the user's data directory)");
}

/**
 * Admin API calls for the CLI. The token comes from findAdminToken (--admin-token, $SIEVE_ADMIN_TOKEN, the file
 * `pnpm start` wrote), so a missing one fails before anything is sent.
 */
export class AdminClient {
  private readonly client;
  private readonly metadata = new Metadata();

  constructor(
    private readonly address: string,
    token: string | undefined,
    channel: ChannelCredentials,
    dataDir?: string,
  ) {
    const adminToken = findAdminToken({
      ...(token !== undefined ? { adminToken: token } : {}),
      ...(dataDir !== undefined ? { dataDir } : {}),
    });
    this.metadata.set('authorization', `Bearer ${adminToken}`);
    this.client = new (loadSieveProtos().grpc.sieve.v1.Admin)(address, channel);
  }

  /** A client for a command's connection options; the caller closes it. */
  static of(options: AdminConnectionOptions): AdminClient {
    return new AdminClient(
      options.address,
      options.adminToken,
      channelCredentialsOf(options),
      options.dataDir,
    );
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
    const code = exitCodeOfStatus(error.code);
    if (error.code === status.UNAVAILABLE) {
      return new CliError(
        `no gateway answers at ${this.address} (${error.details}); start one with \`pnpm start\` or pass --address`,
        code,
      );
    }
    if (error.code === status.UNIMPLEMENTED) {
      return new CliError(
        `the gateway at ${this.address} has no Admin API (start it with SIEVE_ADMIN_TOKEN set)`,
        code,
      );
    }
    if (error.code === status.PERMISSION_DENIED) {
      return new CliError(
        `PERMISSION_DENIED: ${error.details} (the token given is not this gateway's admin token: ` +
          'check --admin-token, $SIEVE_ADMIN_TOKEN and the admin-token file `pnpm start` wrote)',
        code,
      );
    }
    const violations = statusDetailsOf(error).badRequest?.fieldViolations.map(
      (v) => `${v.field}: ${v.description}`,
    );
    return new CliError(
      `${status[error.code] ?? error.code}: ${violations?.join('; ') ?? error.details}`,
      code,
    );
  }
}

/** Runs `action` with an Admin client for `options` and closes the client afterwards, however the action ends. */
export async function withAdminClient<T>(
  options: AdminConnectionOptions,
  action: (client: AdminClient) => Promise<T>,
): Promise<T> {
  const client = AdminClient.of(options);
  try {
    return await action(client);
  } finally {
    client.close();
  }
}
