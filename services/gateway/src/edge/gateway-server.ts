import {
  Server,
  ServerCredentials,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { loadSieveProtos, reflectionPackageDefinition } from '@sieve/api';
import { admissionInterceptor } from './admission-interceptor.ts';
import { withCheckedDecoding } from './checked-request-decoding.ts';
import { drainInterceptor } from './drain-interceptor.ts';
import type { GatewayDrain } from './gateway-drain.ts';
import type { ModelCatalog } from '../models/model-catalog.ts';
import { exposeRepeatedCredentialHeaders } from './repeated-credential-headers.ts';
import { requestCountBounds, type CountLimits } from './request-count-bounds.ts';

/**
 * The largest request of a method anyone may call (health, reflection, Models): their requests are a name or two.
 * No credential decides who may send more, so nobody may; each is checked before it is decoded.
 */
const PUBLIC_REQUEST_BYTES = 64 << 10;

/**
 * The gRPC server with explicit message-size limits, the sieve services, grpc.health.v1 and reflection.
 * Health per service name: "" (the whole gateway) and each model name and "name@version" are SERVING only while
 * some worker serves that model. Callers are authenticated from their metadata before any message of theirs is
 * read (admission-interceptor), and every request message is checked on the wire before it is decoded
 * (checked-request-decoding): counts of repeated fields for tenants, a small size for the methods anyone may call.
 */
export function buildGrpcServer(options: {
  maxMessageBytes: number;
  /** HTTP/2 streams (calls) open at once per connection. */
  maxConcurrentStreams: number;
  /** Refuses calls that start while the gateway drains and ends those still open at the drain's bound. */
  drain: GatewayDrain;
  /** Who may call what, settled before a message is read. */
  admission: Parameters<typeof admissionInterceptor>[0];
  /** The counts a valid request holds at most, checked before decoding. */
  limits: CountLimits;
  services: {
    inference: object;
    models: object;
    batches: object;
    heads?: object | undefined;
    admin?: object | undefined;
  };
}): { server: Server; health: HealthImplementation } {
  const { grpc } = loadSieveProtos();
  const server = new Server({
    'grpc.max_receive_message_length': options.maxMessageBytes,
    'grpc.max_send_message_length': options.maxMessageBytes,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.http2.min_ping_interval_without_data_ms': 10_000,
    'grpc.max_concurrent_streams': options.maxConcurrentStreams,
    // First: it sees every call, whatever a later interceptor refuses.
    interceptors: [drainInterceptor(options.drain), admissionInterceptor(options.admission)],
  });
  const bounds = requestCountBounds(options.limits);
  const add = (
    service: ServiceDefinition,
    implementation: object | undefined,
    checks: Parameters<typeof withCheckedDecoding>[1],
  ) => {
    if (implementation)
      server.addService(withCheckedDecoding(service, checks), implementation as UntypedServiceImplementation);
  };
  add(grpc.sieve.v1.Inference.service, options.services.inference, { bounds: bounds.inference });
  add(grpc.sieve.v1.Models.service, options.services.models, { maxBytes: PUBLIC_REQUEST_BYTES });
  add(grpc.sieve.v1.Batches.service, options.services.batches, { bounds: bounds.batches });
  add(grpc.sieve.v1.Heads.service, options.services.heads, { bounds: bounds.heads });
  add(grpc.sieve.v1.Admin.service, options.services.admin, {});
  // Health and reflection add their own services: through this, their requests are checked like Models'.
  const publicServices = {
    addService: (service: ServiceDefinition, implementation: UntypedServiceImplementation) =>
      add(service, implementation, { maxBytes: PUBLIC_REQUEST_BYTES }),
  };
  const health = new HealthImplementation({ '': 'NOT_SERVING' });
  health.addToServer(publicServices as unknown as Server);
  new ReflectionService(reflectionPackageDefinition() as never, {
    services: [
      'sieve.v1.Inference',
      'sieve.v1.Models',
      'sieve.v1.Batches',
      ...(options.services.heads ? ['sieve.v1.Heads'] : []),
      ...(options.services.admin ? ['sieve.v1.Admin'] : []),
      'grpc.health.v1.Health',
    ],
  }).addToServer(publicServices);
  return { server, health };
}

/** While the gateway drains every name is NOT_SERVING, whatever the catalog says. */
export function updateHealth(
  health: HealthImplementation,
  catalog: ModelCatalog,
  known: Set<string>,
  draining = false,
): void {
  const serving = new Set<string>();
  for (const entry of draining ? [] : catalog.list()) {
    serving.add(entry.ref);
    serving.add(entry.name);
    serving.add('sieve.v1.Inference');
  }
  for (const name of new Set([...known, ...serving])) {
    health.setStatus(name, serving.has(name) ? 'SERVING' : 'NOT_SERVING');
    known.add(name);
  }
  health.setStatus('', serving.size > 0 ? 'SERVING' : 'NOT_SERVING');
}

/** Binds the server; its HTTP/2 servers then keep every value of a repeated credential header for the check. */
export function bindServer(
  server: Server,
  address: string,
  credentials: ServerCredentials = ServerCredentials.createInsecure(),
): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync(address, credentials, (error, port) => {
      if (error) {
        reject(error);
        return;
      }
      try {
        exposeRepeatedCredentialHeaders(server);
        resolve(port);
      } catch (exposeError) {
        reject(exposeError as Error);
      }
    }),
  );
}
