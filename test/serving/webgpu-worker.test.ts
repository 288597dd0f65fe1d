// A worker on ONNX Runtime's WebGPU provider, run here on SwiftShader (Vulkan on the CPU; CI installs Debian's
// chromium for it): it answers as the CPU provider does, says which provider runs in its log, metrics and
// Models.Get (with the adapter), and
// without a Vulkan driver serves on CPU saying why. SwiftShader is slow (a full-size model takes seconds per
// batch): the tiny synthetic model and a few short texts only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadSieveProtos, type Model } from '@sieve/api';
import { TextClassifier } from '@sieve/runtime';
import { freePort, ServiceProcess, SieveCluster, swiftShaderEnv, tinyModelDir } from '@sieve/testing';

const scrape = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
const metricLine = (body: string, name: string) =>
  body.split('\n').filter((line) => line.startsWith(`${name}{`));
/** The worker's JSON log lines with this message. */
const logged = (worker: ServiceProcess, msg: string) =>
  worker.output.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { msg?: string } & Record<string, unknown>;
      return entry.msg === msg ? [entry] : [];
    } catch {
      return [];
    }
  });

/**
 * Measured on this model: the WebGPU logits differ from the CPU provider's by at most 6.7e-6 (fp32 sums taken in
 * another order); softmax scores (each at most 1) differ by less. 1e-4 leaves a margin of 15 for other Vulkan
 * drivers' arithmetic while still catching any real difference (a wrong kernel moves scores by 1e-2 or more).
 */
const TOLERANCE = 1e-4;

describe('worker on the WebGPU provider (SwiftShader)', { timeout: 300_000 }, () => {
  let cluster: SieveCluster;
  let modelDir: string;
  let worker: ServiceProcess;
  let metricsPort: number;

  /** A worker of the cluster with its own environment; loading on SwiftShader can take longer than the default. */
  const startWorker = async (env: Record<string, string>) => {
    const started = await ServiceProcess.start(
      'worker',
      {
        REDIS_URL: cluster.redis.url,
        SIEVE_QUEUE_PREFIX: cluster.prefix,
        SIEVE_MODEL_DIR: modelDir,
        SIEVE_MODEL_NAME: 'tiny',
        ...env,
      },
      /worker ready/,
      120_000,
    );
    cluster.workers.push(started);
    return started;
  };

  before(async () => {
    // Throws where SwiftShader is missing: the test fails saying to install chromium, never skips.
    const swiftShader = swiftShaderEnv();
    modelDir = await tinyModelDir();
    metricsPort = await freePort();
    cluster = await SieveCluster.start({ modelDir, workers: 0, gateways: 0 });
    worker = await startWorker({
      ...swiftShader,
      SIEVE_EXECUTION_PROVIDERS: 'webgpu,cpu',
      SIEVE_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
    });
    await cluster.addGateway();
  });
  after(() => cluster?.stop());

  it("answers as the CPU provider does, within the GPU's rounding", async () => {
    const local = await TextClassifier.load(modelDir, { intraOpThreads: 1 });
    try {
      const texts = ['good', 'the food was cold and late', 'not sure'];
      const [response, expected] = await Promise.all([
        cluster.classify({ model: 'tiny', texts }, { deadlineMs: 120_000 }),
        local.classify(texts),
      ]);
      assert.equal(response.modelDigest, local.info.digest);
      response.results.forEach((result, i) => {
        for (const label of expected[i]!.labels) {
          const got = result.labels.find((l) => l.label === label.label)!;
          const difference = Math.abs(got.score - label.score);
          assert.ok(difference < TOLERANCE, `text ${i} ${label.label}: ${difference}`);
        }
      });
    } finally {
      await local.close();
    }
  });

  it('names the provider and the Vulkan driver in its log and metrics', async () => {
    const [loaded] = logged(worker, 'model loaded');
    assert.equal(loaded?.provider, 'webgpu', worker.output.join('\n'));
    assert.equal(loaded?.adapter, 'vk_swiftshader_icd.json');
    const body = await scrape(metricsPort);
    assert.deepEqual(metricLine(body, 'sieve_worker_model_provider_info'), [
      'sieve_worker_model_provider_info{model="tiny@1",provider="webgpu",adapter="vk_swiftshader_icd.json"} 1',
    ]);
    assert.ok(
      metricLine(body, 'sieve_inference_duration_seconds_count').some((line) =>
        line.includes('provider="webgpu"'),
      ),
    );
  });

  it('shows the provider and the adapter in Models.Get', async () => {
    const { grpc } = loadSieveProtos();
    const models = new grpc.sieve.v1.Models(
      cluster.gateways[0]!.address,
      credentials.createInsecure(),
    ) as unknown as {
      Get(
        request: { name: string },
        metadata: Metadata,
        callback: (error: ServiceError | null, response: { model: Model }) => void,
      ): void;
      close(): void;
    };
    try {
      const model = await new Promise<Model>((resolve, reject) =>
        models.Get({ name: 'tiny' }, new Metadata(), (error, response) =>
          error ? reject(error) : resolve(response.model),
        ),
      );
      assert.deepEqual(model.executionProviders, ['webgpu']);
      assert.deepEqual(model.adapters, ['vk_swiftshader_icd.json']);
    } finally {
      models.close();
    }
  });

  it('serves on CPU, saying why in one line, where Vulkan has no driver', async () => {
    const port = await freePort();
    const missing = `${modelDir}/no-such-icd.json`;
    const fallback = await startWorker({
      ...swiftShaderEnv(),
      VK_ICD_FILENAMES: missing,
      SIEVE_EXECUTION_PROVIDERS: 'webgpu',
      SIEVE_METRICS_ADDRESS: `127.0.0.1:${port}`,
    });
    const said = logged(
      fallback,
      `no WebGPU adapter (no Vulkan driver: VK_ICD_FILENAMES=${missing} names no file): running on cpu`,
    );
    assert.equal(said.length, 1, fallback.output.join('\n'));
    assert.equal(logged(fallback, 'model loaded')[0]?.provider, 'cpu');
    assert.deepEqual(metricLine(await scrape(port), 'sieve_worker_model_provider_info'), [
      'sieve_worker_model_provider_info{model="tiny@1",provider="cpu",adapter=""} 1',
    ]);
  });
});
