import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { loadSieveProtos, reflectionPackageDefinition } from '@sieve/api';
import { drainInterceptor } from './drain-interceptor.ts';
import type { GatewayDrain } from './gateway-drain.ts';
import type { ModelCatalog } from './model-catalog.ts';
import { withUtf8Checks } from './utf8-field-check.ts';

/**
 * The gRPC server with explicit message-size limits, the sieve services, grpc.health.v1 and reflection.
 * Health per service name: "" (the whole gateway) and each model name and "name@version" are SERVING only while
 * some worker serves that model.
 */
export function buildGrpcServer(options: {
  maxMessageBytes: number;
  /** HTTP/2 streams (calls) open at once per connection. */
  maxConcurrentStreams: number;
  /** Refuses calls that start while the gateway drains and ends those still open at the drain's bound. */
  drain: GatewayDrain;
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
    interceptors: [drainInterceptor(options.drain)],
  });
  server.addService(withUtf8Checks(grpc.sieve.v1.Inference.service), options.services.inference as never);
  server.addService(grpc.sieve.v1.Models.service, options.services.models as never);
  server.addService(withUtf8Checks(grpc.sieve.v1.Batches.service), options.services.batches as never);
  if (options.services.heads) {
    server.addService(withUtf8Checks(grpc.sieve.v1.Heads.service), options.services.heads as never);
  }
  if (options.services.admin) server.addService(grpc.sieve.v1.Admin.service, options.services.admin as never);
  const health = new HealthImplementation({ '': 'NOT_SERVING' });
  health.addToServer(server);
  new ReflectionService(reflectionPackageDefinition() as never, {
    services: [
      'sieve.v1.Inference',
      'sieve.v1.Models',
      'sieve.v1.Batches',
      ...(options.services.heads ? ['sieve.v1.Heads'] : []),
      ...(options.services.admin ? ['sieve.v1.Admin'] : []),
      'grpc.health.v1.Health',
    ],
  }).addToServer(server);
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

export function bindServer(
  server: Server,
  address: string,
  credentials: ServerCredentials = ServerCredentials.createInsecure(),
): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port))),
  );
}
