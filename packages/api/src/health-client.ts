import {
  credentials,
  loadPackageDefinition,
  status,
  type ChannelCredentials,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { join } from 'node:path';
import { HEALTH_PROTO_DIR } from './proto-files.ts';

/** A grpc.health.v1 client as a load balancer or probe uses it: Check only. */
export interface HealthStub {
  Check(
    request: { service: string },
    options: { deadline: number },
    callback: (error: ServiceError | null, response?: { status: string }) => void,
  ): void;
  close(): void;
}

export function healthClient(
  address: string,
  channelCredentials: ChannelCredentials = credentials.createInsecure(),
): HealthStub {
  const definition = loadSync(join(HEALTH_PROTO_DIR, 'health/v1/health.proto'), {
    keepCase: true,
    enums: String,
  });
  const grpc = loadPackageDefinition(definition) as unknown as {
    grpc: { health: { v1: { Health: new (address: string, creds: ChannelCredentials) => HealthStub } } };
  };
  return new grpc.grpc.health.v1.Health(address, channelCredentials);
}

/**
 * A service's status ("SERVING", "NOT_SERVING"; "" is the whole server), or "error <CODE>" when the check itself
 * fails: a probe reports what it saw rather than throwing.
 */
export function checkHealth(stub: HealthStub, service = '', timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) =>
    stub.Check({ service }, { deadline: Date.now() + timeoutMs }, (error, response) =>
      resolve(error ? `error ${status[error.code]}` : (response?.status ?? 'unknown')),
    ),
  );
}
