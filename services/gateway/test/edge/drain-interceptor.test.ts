// The drain interceptor on a bare grpc-js server (no sieve services): calls that start while the gateway drains are
// refused UNAVAILABLE before their handler runs, health checks are still answered, calls admitted before go on, a
// health watch hears NOT_SERVING and then ends, and at the drain's bound whatever is still open ends UNAVAILABLE.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  credentials,
  makeGenericClientConstructor,
  Server,
  ServerCredentials,
  status,
  type ServiceDefinition,
  type ServiceError,
  type sendUnaryData,
  type ServerUnaryCall,
} from '@grpc/grpc-js';
import { HealthImplementation, service as healthService } from 'grpc-health-check';
import { statusDetailsOf } from '@sieve/api';
import { drainInterceptor } from '../../src/edge/drain-interceptor.ts';
import { GatewayDrain } from '../../src/edge/gateway-drain.ts';

const raw = (buffer: Buffer) => buffer;
const echoService: ServiceDefinition = {
  Hold: {
    path: '/test.Echo/Hold',
    requestStream: false,
    responseStream: false,
    requestSerialize: raw,
    requestDeserialize: raw,
    responseSerialize: raw,
    responseDeserialize: raw,
  },
};

interface HealthClient {
  Check(
    request: { service: string },
    callback: (error: ServiceError | null, response?: { status: string }) => void,
  ): void;
  Watch(request: { service: string }): NodeJS.EventEmitter;
  close(): void;
}

describe('drainInterceptor', { timeout: 30_000 }, () => {
  const drain = new GatewayDrain();
  const health = new HealthImplementation({ '': 'SERVING' });
  // Each Hold call waits here until the test answers it.
  const held: Array<(text: string) => void> = [];
  let server: Server;
  let address = '';

  before(async () => {
    server = new Server({ interceptors: [drainInterceptor(drain)] });
    server.addService(echoService, {
      Hold: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
        held.push((text) => callback(null, Buffer.from(text)));
        void call;
      },
    });
    health.addToServer(server);
    // As GatewayService does: health hears the drain before any call does.
    drain.watch(() => health.setStatus('', 'NOT_SERVING'));
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    address = `127.0.0.1:${port}`;
  });
  after(() => server.forceShutdown());

  const Echo = makeGenericClientConstructor(echoService, 'Echo');
  const hold = (client: InstanceType<typeof Echo>) =>
    new Promise<{ error: ServiceError | null; text?: string }>((resolve) =>
      (client as unknown as Record<string, (...args: unknown[]) => void>).Hold!(
        Buffer.from('x'),
        (error: ServiceError | null, response?: Buffer) =>
          resolve({ error, ...(response ? { text: response.toString() } : {}) }),
      ),
    );
  const Health = makeGenericClientConstructor(healthService as ServiceDefinition, 'Health');
  const healthClient = () => new Health(address, credentials.createInsecure()) as unknown as HealthClient;
  const until = async (condition: () => boolean) => {
    // A deadline against a hang only, generous for a busy machine.
    for (const deadline = Date.now() + 30_000; !condition(); ) {
      assert.ok(Date.now() < deadline, 'timed out');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('refuses what starts while draining, answers what it had admitted, and cuts the rest off UNAVAILABLE at the bound', async () => {
    const client = new Echo(address, credentials.createInsecure());
    const probe = healthClient();
    try {
      const watched: string[] = [];
      const watch = probe.Watch({ service: '' });
      watch.on('data', (message: { status: string }) => watched.push(message.status));
      watch.on('error', () => undefined);
      const watchEnded = new Promise<{ code: number }>((resolve) => watch.on('status', resolve));
      const answered = hold(client);
      const cutOff = hold(client);
      await until(() => held.length === 2 && watched.length === 1);

      drain.begin();
      const refused = await hold(client);
      assert.equal(refused.error?.code, status.UNAVAILABLE);
      const details = statusDetailsOf(refused.error!);
      assert.equal(details.errorInfo?.reason, 'GATEWAY_DRAINING');
      assert.ok((details.retryDelayMs ?? 0) > 0, 'RetryInfo says when to retry');
      assert.equal(held.length, 2, 'a refused call never reaches its handler');

      const check = await new Promise<{ status?: string }>((resolve, reject) =>
        probe.Check({ service: '' }, (error, response) => (error ? reject(error) : resolve(response!))),
      );
      assert.equal(check.status, 'NOT_SERVING', 'health checks are still answered while draining');
      assert.deepEqual(watched, ['SERVING', 'NOT_SERVING']);
      assert.equal(
        (await watchEnded).code,
        status.UNAVAILABLE,
        'a health watch ends once it heard NOT_SERVING',
      );

      held[0]!('admitted before the drain');
      assert.deepEqual(await answered, { error: null, text: 'admitted before the drain' });

      drain.close();
      const last = await cutOff;
      assert.equal(
        last.error?.code,
        status.UNAVAILABLE,
        'still open at the bound: UNAVAILABLE, not CANCELLED',
      );
      assert.equal(statusDetailsOf(last.error!).errorInfo?.reason, 'GATEWAY_DRAINING');
      held[1]!('too late'); // the handler's own answer after that changes nothing
    } finally {
      client.close();
      probe.close();
    }
  });
});
