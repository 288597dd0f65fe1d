import {
  ServerInterceptingCall,
  type status,
  type Metadata,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
} from '@grpc/grpc-js';
import type { ApiError } from '@sieve/api';
import type { Logger } from 'pino';
import type { AdminCredential } from '../admin/admin-credential.ts';
import { decodeRefusalOf } from './decode-refusal.ts';
import { apiErrorOf, grpcStatusOf, internalError } from './error-status.ts';
import type { TenantGate } from './tenant-gate.ts';

/** Who may call a method: a tenant (API key), the operator (admin token), or anyone (health, reflection, Models). */
export type MethodAudience = 'tenant' | 'admin' | 'public';

const TENANT_SERVICES = new Set(['sieve.v1.Inference', 'sieve.v1.Batches', 'sieve.v1.Heads']);

export function audienceOf(methodPath: string): MethodAudience {
  const service = methodPath.split('/')[1] ?? '';
  if (TENANT_SERVICES.has(service)) return 'tenant';
  if (service === 'sieve.v1.Admin') return 'admin';
  return 'public';
}

/**
 * Methods whose every call counts against the tenant's request windows whatever it holds, so that one is refused
 * from its key alone while a window is used up. Only unary Classify: a stream answers each request on its own, and
 * Submit and Train must still answer an idempotent retry with the batch or head that exists.
 */
const REFUSED_WHILE_WINDOW_USED_UP = new Set(['/sieve.v1.Inference/Classify']);

/**
 * Settles who is calling, and whether they may, from the call's metadata before its body is read: grpc-js keeps the
 * HTTP/2 stream paused until the handler asks for a message, which it does only once this interceptor hands the
 * metadata on. A stranger's 16 MiB message is refused for its key and never decoded (its bytes are discarded as they
 * arrive); a tenant over a request window is refused without decoding either. The authenticated tenant reaches the
 * handlers through the TenantGate (keyed by this call's Metadata object), so nothing is authenticated twice.
 *
 * It also turns the stand-ins that checked-request-decoding puts in place of messages it would not decode into the
 * call's status (INVALID_ARGUMENT for bytes that are not protobuf, rather than grpc-js's INTERNAL); a refusal that
 * answers one message of a stream goes on to the handler.
 */
export function admissionInterceptor(deps: {
  gate: TenantGate;
  /** Absent: no Admin service is served. */
  admin?: AdminCredential;
  log: Logger;
  /** Each call refused here, by method path, with the tenant when known (for metrics). */
  onRefused?: (methodPath: string, code: status, tenant: string | undefined) => void;
}): ServerInterceptor {
  const unexpected = internalError(deps.log, 'admission failed unexpectedly');
  const admit = async (
    path: string,
    metadata: Metadata,
    identify: (tenant: string) => void,
  ): Promise<ApiError | undefined> => {
    switch (audienceOf(path)) {
      case 'admin':
        deps.admin?.check(metadata);
        return undefined;
      case 'tenant': {
        const tenant = await deps.gate.authenticate(metadata);
        identify(tenant.id);
        return REFUSED_WHILE_WINDOW_USED_UP.has(path) ? deps.gate.refusalBeforeRead(tenant) : undefined;
      }
      default:
        return undefined;
    }
  };

  return (method, next: ServerInterceptingCallInterface) => {
    let tenant: string | undefined;
    const refuse = (error: unknown) => {
      const refusal = apiErrorOf(error, unexpected);
      deps.onRefused?.(method.path, refusal.code, tenant);
      call.sendStatus(grpcStatusOf(refusal));
    };
    const call: ServerInterceptingCall = new ServerInterceptingCall(next, {
      start: (startNext) =>
        startNext({
          onReceiveMetadata: (metadata, handOn) => {
            admit(method.path, metadata, (id) => (tenant = id))
              .then((refusal) => (refusal ? refuse(refusal) : handOn(metadata)), refuse)
              // grpc-js answers what throws in a handler itself; anything left is a fault of ours, logged.
              .catch((error: unknown) =>
                deps.log.error({ err: error }, 'a call was neither admitted nor refused'),
              );
          },
          onReceiveMessage: (message, handOn) => {
            const refusal = decodeRefusalOf(message);
            if (refusal?.scope === 'call') refuse(refusal.error);
            else handOn(message);
          },
        }),
    });
    return call;
  };
}
