import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { BatchClient } from '@sieve/client';
import { SieveCluster, tinyModelDir } from '@sieve/testing';

const cluster = await SieveCluster.start({ modelDir: await tinyModelDir(), gatewayEnv: { SIEVE_LOG_LEVEL: 'debug' } });
import { credentials } from '@grpc/grpc-js';
import { loadSieveProtos } from '@sieve/api';
const call = (request: object, deadlineMs = 8_000) =>
  new Promise<string>((resolve) =>
    new (loadSieveProtos().grpc.sieve.v1.Inference)(cluster.gateways[0]!.address, credentials.createInsecure()).Classify(request, new Metadata(), { deadline: Date.now() + deadlineMs }, (error, response) =>
      resolve(error ? `${status[(error as ServiceError).code]}: ${(error as ServiceError).details.slice(0, 200)} (${(error as ServiceError).details.length})` : `OK ${JSON.stringify(response!.results.map((r) => r.tokenCount))}`),
    ),
  );
try {
  console.log('lone surrogate', await call({ model: 'tiny', texts: ['a\uD800b', '\uDC00', 'x\u0000y', '\u200B\u200F\u202E hi', '👩‍👩‍👧‍👦'] }));
  console.log('30 day deadline first', await call({ model: 'tiny', texts: ['hi'] }, 30 * 86_400_000));
  console.log('1KB model', await call({ model: 'm'.repeat(1000), texts: ['hi'] }));
  console.log('10KB model', await call({ model: 'm'.repeat(10000), texts: ['hi'] }));
  console.log('1MB model', await call({ model: 'm'.repeat(1 << 20), texts: ['hi'] }));
  console.log('100KB model', await call({ model: 'm'.repeat(100_000), texts: ['hi'] }));
  console.log('30 day deadline', await call({ model: 'tiny', texts: ['hi'] }, 30 * 86_400_000));
  console.log('topK huge', await call({ model: 'tiny', texts: ['hi'], options: { topK: 2147483647 } }));
  console.log('topK neg', await call({ model: 'tiny', texts: ['hi'], options: { topK: -5 } }));
  console.log('truncation 99', await call({ model: 'tiny', texts: ['hi'], options: { truncation: 99 } }));
  console.log('priority 99', await call({ model: 'tiny', texts: ['hi'], priority: 99 }));
  console.log('100k texts', await call({ model: 'tiny', texts: Array.from({ length: 100_000 }, () => 'hi') }));
  const batch = new BatchClient(cluster.gateways[0]!.address);
  console.log('batch get 1MB', await batch.get('b'.repeat(1 << 20)).then(() => 'ok', (e: ServiceError) => `${status[e.code]} ${e.details.slice(0, 100)} (${e.details.length})`));
  console.log('batch list token', await batch.list({ pageToken: 'x'.repeat(1 << 20) } as never).then(() => 'ok', (e: ServiceError) => `${status[e.code]} ${e.details.slice(0, 100)}`));
  batch.close();
  await new Promise((r) => setTimeout(r, 500));
  console.log(cluster.gateways[0]!.process.output.filter((l) => /warn|error|Warning/i.test(l)).slice(-10).join('\n'));
} finally {
  await cluster.stop();
}
