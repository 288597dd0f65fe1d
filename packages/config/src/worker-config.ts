import { z } from 'zod';
import { integer, logLevel, parallelGc, queuePrefix, redisUrl } from './env-config.ts';

export const workerConfigSchema = z
  .object({
    /** One model directory in the Hugging Face ONNX export layout (or SIEVE_MODELS_FILE for several). */
    SIEVE_MODEL_DIR: z.string().min(1).optional(),
    /** A models file (YAML/JSON, watched): the models and versions this worker's pool loads, changed without restart. */
    SIEVE_MODELS_FILE: z.string().min(1).optional(),
    /** Root of relative model paths in the models file; default: the file's directory. */
    SIEVE_MODEL_STORE: z.string().min(1).optional(),
    /** This worker's pool: it loads the models file's entries for this pool (and those without pools). */
    SIEVE_WORKER_POOL: z
      .string()
      .regex(/^[a-z0-9-]{1,63}$/, 'lowercase letters, digits, - only')
      .default('default'),
    /** Bound on a graceful stop (SIEVE_MODEL_DIR's model, or a model retired from the models file). */
    SIEVE_DRAIN_TIMEOUT_MS: integer(0, 3_600_000).default(30_000),
    /** Name clients use; default: the directory's name. */
    SIEVE_MODEL_NAME: z
      .string()
      .regex(/^[A-Za-z0-9._/-]+$/, 'letters, digits, . _ / - only')
      .optional(),
    SIEVE_MODEL_VERSION: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - only')
      .default('1'),
    /** int8: the statically quantised graph (batch-invariant); int8-dynamic: the hub's dynamically quantised one. */
    SIEVE_MODEL_DTYPE: z.enum(['fp32', 'int8', 'int8-dynamic', 'fp16']).default('fp32'),
    /** Comma-separated preference, e.g. "webgpu,cpu" or "cuda,cpu"; the first is tried, and a GPU provider falls
     * back to CPU where it is missing (no CUDA library, no WebGPU adapter), saying why. */
    SIEVE_EXECUTION_PROVIDERS: z
      .string()
      .regex(/^(webgpu|cuda|cpu)(,(webgpu|cuda|cpu))*$/, 'a comma-separated list of webgpu, cuda, cpu')
      .default('cpu'),
    /** Threads each ONNX Runtime session splits an operator between. Default: SIEVE_INFERENCE_CPUS shared out
     * between the sessions (never ONNX Runtime's own default: see sessionLayoutOf). */
    SIEVE_INTRA_OP_THREADS: integer(1, 256).optional(),
    /** The cores this worker's inference may use. Node sees the node's cores, not a container's CPU limit, so the
     * Helm chart sets this from the pool's limit. Default: the cores Node sees. */
    SIEVE_INFERENCE_CPUS: integer(1, 1024).optional(),
    /** Sessions of the model computing batches at once, each on a thread of its own (see SessionPool). "auto": on
     * CPU, one one-thread session per core (at most 4) while their estimated peak RSS stays within 1.3 x the model
     * + 200 MB, else fewer (each session holds its own copy of the weights but the word embedding table, read from
     * the model file: the full-size models get two on 2 cores); GPU (CUDA, WebGPU) models one (see
     * sessionLayoutOf). One-thread sessions never wait for each other inside an operator: int8, on 2 cores, 10-35%
     * more texts/s and a p99 under load several times lower; fp32 up to +33% in the cluster. */
    SIEVE_SESSIONS: z
      .union([z.literal('auto'), integer(1, 64)], { error: 'must be auto or a whole number from 1 to 64' })
      .default('auto'),
    /** "false": ONNX Runtime's idle threads sleep instead of spin-waiting, leaving the cores to whatever shares them
     * (the worker's own event loop, a gateway, Redis); "true" is ORT's default, for a worker alone on its cores. */
    SIEVE_INTRA_OP_SPINNING: z.enum(['true', 'false']).default('false'),
    /** BENCHMARK ONLY: "true" skips ONNX Runtime and answers fixed logits, to measure the serving fabric alone. */
    SIEVE_NOOP_INFERENCE: z.enum(['true', 'false']).default('false'),
    // The four batching settings below default by the provider the model runs on (batchingOf: CPU_BATCHING 32, 192,
    // 0, 1.1; GPU_BATCHING 64, 16384, 0, 2, conservative until bench/gpu-check.sh has measured a GPU); unset here.
    SIEVE_MAX_BATCH_TEXTS: integer(1, 4096).optional(),
    /** Padded tokens (texts x longest) per batch; a longer text is a batch of its own. On CPU compute follows
     * padded tokens and one-thread sessions are fastest on batches of 2-4 texts, so 192: more throughput than 1024
     * (int8 +12 %), smaller ONNX Runtime arenas (int8 worker peak 363 against 496 MB) and shorter batches holding
     * the cores (see CPU_BATCHING); on GPU 16384. */
    SIEVE_MAX_BATCH_TOKENS: integer(16, 1 << 22).optional(),
    /** How long a lone text may wait for company. 0 on CPU: texts that arrive while a batch runs form the next one,
     * and a bigger batch saves little there (measured in bench/NOTES.md); a few ms may pay on GPU (unmeasured). */
    SIEVE_MAX_WAIT_MS: integer(0, 10_000).optional(),
    /** Length grouping: a text joins a batch only if padded/real tokens stay at or under this. On CPU every padded
     * token is compute, so keep it near 1 (1.1); on GPU, where a wider batch is nearly free, 2 (up to 4). */
    SIEVE_MAX_PADDING_RATIO: z.coerce.number().min(1).max(1000).optional(),
    SIEVE_BATCH_ORDERING: z.enum(['length', 'fifo']).default('length'),
    /** CPU: "true" loads the model a second time on a thread of its own, for the express lane only (a batch of a
     * tenant with nothing in flight computes beside the batch in progress instead of after it: a light tenant's wait
     * under another's flood), the first time tenants contend; "preload" loads it with the model. Costs the second
     * session's working memory (and, fp32, a copy of the weights in ONNX Runtime's layout, ~220 MB for the full-size
     * model); ignored on CUDA, where batches are short. */
    SIEVE_EXPRESS_SESSION: z.enum(['true', 'preload', 'false']).default('true'),
    /** "true": a batch led by a tenant behind its share holds only its texts (right on CPU; set "false" on GPU). */
    SIEVE_FAIR_SHARE_ISOLATION: z.enum(['true', 'false']).default('true'),
    /** Jobs a worker holds at once: the pool the batcher chooses from. */
    SIEVE_JOB_CONCURRENCY: integer(1, 10_000).default(256),
    /** Batch-job chunks held at once per tenant queue: enough for length grouping, bounded to leave room to others. */
    SIEVE_BATCH_CHUNK_CONCURRENCY: integer(1, 1000).default(2),
    /** Lock on an interactive job: a worker that stops making progress (dead, frozen, cut off from Redis) loses its
     * jobs to a live worker within about this plus SIEVE_STALLED_INTERVAL_MS, so it is sized to callers' deadlines
     * (1-10 s; the gateway's default 30 s): 3 s moves a frozen worker's calls in 3-4 s. A live worker renews it every
     * 0.75-1.5 s (one Redis script per queue for all its jobs), so only an event loop blocked for over 1.5 s loses
     * it (inference and tokenizing run off the loop); then the job runs twice and the caller keeps the first answer. */
    SIEVE_LOCK_DURATION_MS: integer(1000, 600_000).default(3_000),
    /** How often each interactive queue is checked for jobs whose lock lapsed (one script per queue and worker;
     * Redis runs the check once per interval per queue, whatever the number of workers). */
    SIEVE_STALLED_INTERVAL_MS: integer(500, 600_000).default(1_000),
    /** Lock on batch chunks and head training: no caller waits on their deadline, and running a chunk or a training
     * twice costs far more than an interactive job, so they keep a longer lock that a stall of the event loop does
     * not lose; a dead worker's chunks move on after about this plus SIEVE_BATCH_STALLED_INTERVAL_MS. */
    SIEVE_BATCH_LOCK_DURATION_MS: integer(1000, 600_000).default(10_000),
    SIEVE_BATCH_STALLED_INTERVAL_MS: integer(500, 600_000).default(5_000),
    REDIS_URL: redisUrl,
    /** PEM CA bundle for rediss:// URLs signed by a private CA (e.g. a mounted Secret). */
    REDIS_TLS_CA_FILE: z.string().optional(),
    /** "true": REDIS_URL names one seed node of a Redis Cluster (the queue prefix's {hash-tag} keeps keys in one slot). */
    REDIS_CLUSTER: z.enum(['true', 'false']).default('false'),
    SIEVE_QUEUE_PREFIX: queuePrefix,
    /** host:port serving Prometheus /metrics (e.g. 0.0.0.0:9464 in Kubernetes); unset: no endpoint. */
    SIEVE_METRICS_ADDRESS: z.string().regex(/:\d+$/, 'must be host:port').optional(),
    SIEVE_LOG_LEVEL: logLevel,
    SIEVE_PARALLEL_GC: parallelGc,
  })
  .refine((config) => config.SIEVE_MODEL_DIR !== undefined || config.SIEVE_MODELS_FILE !== undefined, {
    message: 'set SIEVE_MODEL_DIR (one model) or SIEVE_MODELS_FILE (several, reloaded on change)',
    path: ['SIEVE_MODEL_DIR'],
  });

export type WorkerConfig = z.infer<typeof workerConfigSchema>;
