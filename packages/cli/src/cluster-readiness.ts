import { setTimeout as sleep } from 'node:timers/promises';
import { checkHealth, healthClient } from '@sieve/api';

/**
 * Resolves true once the gateway at `address` reports `service` SERVING over grpc.health.v1, which needs both its
 * port bound and a worker serving the model; false if `givenUp` turns true first (the cluster is stopping). The
 * services' own log lines say neither alone: the gateway logs the model before it binds its port.
 */
export async function untilServing(
  address: string,
  service: string,
  givenUp: () => boolean,
): Promise<boolean> {
  const stub = healthClient(address);
  try {
    while (!givenUp()) {
      if ((await checkHealth(stub, service, 1000)) === 'SERVING') return true;
      await sleep(200);
    }
    return false;
  } finally {
    stub.close();
  }
}
