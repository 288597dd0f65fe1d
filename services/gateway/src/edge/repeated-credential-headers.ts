import type { Metadata, Server } from '@grpc/grpc-js';
import type { Http2Server, IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import type { CredentialHeaders } from '@sieve/tenancy';

/** The headers a credential may arrive in. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key'] as const;

/** A call's credential headers, every value as sent, for the one rule that reads them (presentedBearer). */
export function credentialHeadersOf(metadata: Metadata): CredentialHeaders {
  return {
    authorization: metadata.get('authorization').map(String),
    'x-api-key': metadata.get('x-api-key').map(String),
  };
}

const watched = new WeakSet<Http2Server>();

/**
 * Node's HTTP/2 layer hands grpc-js one value per credential header: it keeps only the first `authorization` (a
 * single-value header to Node) and joins repeated `x-api-key` values with ", ". A request naming a credential twice
 * would then pass as the first one. Each request's raw header list is still in Node's 'stream' event, so a listener
 * that runs before grpc-js's own puts every value back into the headers object grpc-js builds the call's metadata
 * from; the credential rule then sees the repeat and refuses it.
 *
 * grpc-js keeps its HTTP/2 servers in a private field (1.14): call this after binding (a request that arrives
 * between the listen and this call, before the gateway says it listens, goes without the check). It throws rather
 * than serve without the check if that field is gone (test/security/pre-auth-admission.test.ts sends a repeated
 * header).
 */
export function exposeRepeatedCredentialHeaders(server: Server): void {
  const http2Servers = (server as unknown as { http2Servers?: Map<Http2Server, unknown> }).http2Servers;
  if (!(http2Servers instanceof Map) || http2Servers.size === 0) {
    throw new Error(
      'cannot see the HTTP/2 servers of this grpc-js version: a credential header sent twice would go unnoticed',
    );
  }
  for (const http2Server of http2Servers.keys()) {
    if (watched.has(http2Server)) continue;
    watched.add(http2Server);
    http2Server.prependListener(
      'stream',
      (_stream: ServerHttp2Stream, headers: IncomingHttpHeaders, _flags: number, rawHeaders: string[]) => {
        for (const name of CREDENTIAL_HEADERS) {
          const values: string[] = [];
          for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
            if (rawHeaders[i] === name) values.push(rawHeaders[i + 1]!);
          }
          if (values.length > 1) (headers as Record<string, string | string[]>)[name] = values;
        }
      },
    );
  }
}
