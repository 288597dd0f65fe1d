// @sieve/testing — fixtures shared by the test suites; never imported by production code.
export { sharedDataDir, sharedDataFile } from './shared-data.ts';
export { tinyModelDir } from './tiny-model.ts';
export { SWIFTSHADER_ICD, swiftShaderEnv } from './swiftshader.ts';
export { tinyModelRepository } from './tiny-model-repository.ts';
export { freePort, RedisServerFixture, type RedisSecurity } from './redis-server.ts';
export {
  compiledServicesReady,
  ServiceProcess,
  serviceCommand,
  type ServiceBuild,
} from './service-process.ts';
export { MemoryTenantStore } from './memory-tenant-store.ts';
export { SieveCluster, type RedisFixture, type WorkerStats } from './sieve-cluster.ts';
export { RedisClusterFixture } from './redis-cluster.ts';
export {
  FAKE_COMMIT,
  FAKE_REPO,
  FakeHub,
  fakeModelFiles,
  sha256,
  type FakeRepoFile,
  type RecordedRequest,
} from './fake-hub-server.ts';
export {
  decodeOtlpTraces,
  OTLP_SPAN_KIND,
  OtlpReceiver,
  type AttributeValue,
  type ReceivedSpan,
} from './otlp-receiver.ts';
export { TestCertificateAuthority, type CertificateFiles } from './test-certificates.ts';
export {
  PrometheusServer,
  type PrometheusAlert,
  type PrometheusRuleState,
  type PrometheusSeries,
  type ScrapeTarget,
} from './prometheus-server.ts';
