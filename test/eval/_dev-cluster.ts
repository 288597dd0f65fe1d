import { SieveCluster, tinyModelDir } from '@sieve/testing';
const cluster = await SieveCluster.start({ modelDir: await tinyModelDir() });
await cluster.addWorker({ SIEVE_MODEL_NAME: 'tiny-b' });
console.log('ADDRESS', cluster.gateways[0]!.address);
process.on('SIGTERM', async () => { await cluster.stop(); process.exit(0); });
setInterval(() => {}, 1000);
