import { experimental, ServerCredentials } from '@grpc/grpc-js';
import type { GatewayConfig } from '@sieve/config';
import type { Logger } from 'pino';
import { TlsCertificateFiles } from './tls-certificate-files.ts';

export interface GatewayCredentials {
  credentials: ServerCredentials;
  /** What a client must bring: nothing, a trusted CA (TLS), or also a client certificate (mTLS). */
  mode: 'plaintext' | 'tls' | 'mtls';
  /** Stops watching the certificate files. */
  close(): void;
}

/**
 * The listening socket's credentials from the configuration: plaintext, TLS, or TLS requiring a client certificate
 * signed by SIEVE_TLS_CLIENT_CA_FILE. With TLS the files are watched and a valid change is served to new
 * connections (grpc-js's certificate-provider credentials swap the server's secure context in place).
 */
export async function gatewayServerCredentials(
  config: Pick<GatewayConfig, 'SIEVE_TLS_CERT_FILE' | 'SIEVE_TLS_KEY_FILE' | 'SIEVE_TLS_CLIENT_CA_FILE'>,
  log: Logger,
): Promise<GatewayCredentials> {
  const {
    SIEVE_TLS_CERT_FILE: certFile,
    SIEVE_TLS_KEY_FILE: keyFile,
    SIEVE_TLS_CLIENT_CA_FILE: clientCaFile,
  } = config;
  if (!certFile || !keyFile) {
    return { credentials: ServerCredentials.createInsecure(), mode: 'plaintext', close: () => undefined };
  }
  const files = await TlsCertificateFiles.open(
    { certFile, keyFile, ...(clientCaFile ? { clientCaFile } : {}) },
    {
      onReload: (summary) => log.info({ tls: summary }, 'TLS certificate reloaded: new connections use it'),
      onError: (error) => log.error({ err: error }, 'TLS files rejected; keeping the previous certificate'),
    },
  );
  log.info({ tls: files.summary }, 'TLS certificate loaded');
  const mtls = clientCaFile !== undefined;
  // grpc-js 1.14 hands its first argument to the credentials as the identity provider and its second (nullable)
  // as the CA provider, whatever the parameter names say; one object serves both here, and null means no
  // client certificates are asked for.
  const credentials = experimental.createCertificateProviderServerCredentials(
    files,
    mtls ? files : null,
    mtls,
  );
  return { credentials, mode: mtls ? 'mtls' : 'tls', close: () => files.close() };
}
