import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The worker's metrics: where time goes (queue wait, tokenization, inference), how batches are packed (size,
 * padded and real tokens: padding ratio = rate(padded) / rate(real)), how busy it is, and what it skipped.
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly queueWait: Histogram<'model'>;
  readonly tokenization: Histogram<'model'>;
  readonly inference: Histogram<'model' | 'provider'>;
  readonly batchSize: Histogram<'model'>;
  readonly batchPaddedTokens: Histogram<'model'>;
  readonly realTokens: Counter<'model'>;
  readonly paddedTokens: Counter<'model'>;
  readonly busySeconds: Counter<'model'>;
  readonly texts: Counter<'model' | 'outcome'>;
  readonly queueJobs: Gauge<'model' | 'tenant' | 'kind' | 'state'>;
  readonly batchJobItems: Counter<'model' | 'tenant' | 'outcome'>;
  readonly batchJobsEnded: Counter<'model' | 'tenant' | 'state'>;
  readonly modelProvider: Gauge<'model' | 'provider' | 'adapter'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'sieve_worker_' });
    const seconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    const registers = [this.registry];
    this.queueJobs = new Gauge({
      name: 'sieve_queue_jobs',
      help: "Jobs in this model's queues by tenant, kind (interactive calls or batch chunks) and state (waiting, active)",
      labelNames: ['model', 'tenant', 'kind', 'state'],
      registers,
    });
    // Batch-job progress: items written (once each, counted by the worker whose write won) and jobs ended.
    this.batchJobItems = new Counter({
      name: 'sieve_batch_job_items_total',
      help: 'Batch-job items with a result (outcome: classified or failed)',
      labelNames: ['model', 'tenant', 'outcome'],
      registers,
    });
    this.batchJobsEnded = new Counter({
      name: 'sieve_batch_jobs_ended_total',
      help: 'Batch jobs ended, by final state',
      labelNames: ['model', 'tenant', 'state'],
      registers,
    });
    // Which execution provider really runs each model (a GPU provider may have fallen back to CPU): 1 per model,
    // an info metric to join on. adapter: the Vulkan driver WebGPU runs on, empty for other providers.
    this.modelProvider = new Gauge({
      name: 'sieve_worker_model_provider_info',
      help: 'The execution provider each loaded model runs on (value 1; labels model, provider, adapter)',
      labelNames: ['model', 'provider', 'adapter'],
      registers,
    });
    this.queueWait = new Histogram({
      name: 'sieve_queue_wait_seconds',
      help: 'Accepted by a gateway until taken by a worker',
      labelNames: ['model'],
      buckets: seconds,
      registers,
    });
    this.tokenization = new Histogram({
      name: 'sieve_tokenization_duration_seconds',
      help: "Tokenizing one request's texts",
      labelNames: ['model'],
      buckets: seconds,
      registers,
    });
    this.inference = new Histogram({
      name: 'sieve_inference_duration_seconds',
      help: 'One batch on ONNX Runtime',
      labelNames: ['model', 'provider'],
      buckets: seconds,
      registers,
    });
    this.batchSize = new Histogram({
      name: 'sieve_batch_size',
      help: 'Texts per batch',
      labelNames: ['model'],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
    this.batchPaddedTokens = new Histogram({
      name: 'sieve_batch_padded_tokens',
      help: 'Padded tokens per batch (texts x longest)',
      labelNames: ['model'],
      buckets: [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384],
      registers,
    });
    this.realTokens = new Counter({
      name: 'sieve_batch_real_tokens_total',
      help: 'Tokens of the texts in batches',
      labelNames: ['model'],
      registers,
    });
    this.paddedTokens = new Counter({
      name: 'sieve_batch_padded_tokens_total',
      help: 'Padded tokens computed (padding ratio = padded / real)',
      labelNames: ['model'],
      registers,
    });
    this.busySeconds = new Counter({
      name: 'sieve_worker_busy_seconds_total',
      help: 'Time spent running batches (busy ratio = rate)',
      labelNames: ['model'],
      registers,
    });
    this.texts = new Counter({
      name: 'sieve_worker_texts_total',
      help: 'Texts by outcome: computed, expired, cancelled, failed',
      labelNames: ['model', 'outcome'],
      registers,
    });
  }
}
