import { credentials, type ChannelCredentials } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';

/** How to reach a gateway that serves TLS (SIEVE_TLS_CERT_FILE) and perhaps asks for client certificates. */
export interface GatewayTlsOptions {
  /** PEM CA bundle the gateway's certificate must chain to; omitted: the system's trusted roots. */
  caFile?: string;
  /** PEM client certificate and its key, for a gateway that requires one (mTLS). */
  certFile?: string;
  keyFile?: string;
}

/**
 * Channel credentials for a gateway: plaintext without TLS options, otherwise TLS that verifies the gateway's
 * certificate (against `caFile` or the system roots) and presents a client certificate when one is given.
 * Throws naming the file that cannot be read.
 */
export function gatewayChannelCredentials(tls?: GatewayTlsOptions): ChannelCredentials {
  if (!tls) return credentials.createInsecure();
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
    throw new Error(
      'a client certificate needs its key: give both the certificate and the key file, or neither',
    );
  }
  const read = (file: string | undefined) => {
    if (file === undefined) return null;
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`${file}: cannot read (${(error as Error).message})`, { cause: error });
    }
  };
  return credentials.createSsl(read(tls.caFile), read(tls.keyFile), read(tls.certFile));
}
