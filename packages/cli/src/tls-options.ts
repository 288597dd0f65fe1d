import { Option, type Command } from 'commander';
import type { ChannelCredentials } from '@grpc/grpc-js';
import { gatewayChannelCredentials } from '@sieve/client';
import { CliError } from './cli-error.ts';
import { userPath } from './user-path.ts';

export interface TlsOptions {
  tls?: boolean;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
}

/** How every command that calls a gateway reaches one served over TLS (and mTLS). */
export function withTlsOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--tls',
        "connect with TLS, trusting the system's roots (implied by --tls-ca and --tls-cert)",
      ).env('SIEVE_TLS'),
    )
    .addOption(
      new Option('--tls-ca <file>', "PEM CA bundle that signed the gateway's certificate").env(
        'SIEVE_TLS_CA',
      ),
    )
    .addOption(
      new Option('--tls-cert <file>', 'PEM client certificate, for a gateway that requires one (mTLS)').env(
        'SIEVE_TLS_CLIENT_CERT',
      ),
    )
    .addOption(
      new Option('--tls-key <file>', "the client certificate's PEM private key").env('SIEVE_TLS_CLIENT_KEY'),
    );
}

/** Plaintext unless a TLS option was given; a missing or unreadable file is a usage error naming it. */
export function channelCredentialsOf(options: TlsOptions): ChannelCredentials {
  const { tls, tlsCa, tlsCert, tlsKey } = options;
  if (!tls && !tlsCa && !tlsCert && !tlsKey) return gatewayChannelCredentials();
  try {
    return gatewayChannelCredentials({
      ...(tlsCa ? { caFile: userPath(tlsCa) } : {}),
      ...(tlsCert ? { certFile: userPath(tlsCert) } : {}),
      ...(tlsKey ? { keyFile: userPath(tlsKey) } : {}),
    });
  } catch (error) {
    throw new CliError(`--tls: ${(error as Error).message}`, 2);
  }
}
