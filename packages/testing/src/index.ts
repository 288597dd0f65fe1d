// @sieve/testing — fixtures shared by the test suites; never imported by production code.
export { sharedDataDir, sharedDataFile } from './shared-data.ts';
export { tinyModelDir } from './tiny-model.ts';
export { freePort, RedisServerFixture, type RedisSecurity } from './redis-server.ts';
export { ServiceProcess } from './service-process.ts';
export { SieveCluster, type WorkerStats } from './sieve-cluster.ts';
