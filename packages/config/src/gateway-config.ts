import { z } from 'zod';
import { adminTokenSchema } from './admin-token-rule.ts';
import { integer, logLevel, parallelGc, queuePrefix, redisUrl } from './env-config.ts';

const gatewayVariables = z.object({
  /** host:port to listen on. Loopback by default: exposing it is a decision. */
  SIEVE_GRPC_ADDRESS: z.string().default('127.0.0.1:50051'),
  REDIS_URL: redisUrl,
  /** PEM CA bundle for rediss:// URLs signed by a private CA (e.g. a mounted Secret). */
  REDIS_TLS_CA_FILE: z.string().optional(),
  /** "true": REDIS_URL names one seed node of a Redis Cluster (the queue prefix's {hash-tag} keeps keys in one slot). */
  REDIS_CLUSTER: z.enum(['true', 'false']).default('false'),
  SIEVE_QUEUE_PREFIX: queuePrefix,
  SIEVE_GATEWAY_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/)
    .optional(),
  SIEVE_MAX_TEXTS_PER_CALL: integer(1, 100_000).default(256),
  SIEVE_MAX_TEXT_BYTES: integer(1, 16 << 20).default(64 << 10),
  /** Largest gRPC message either way, in bytes. Unset: sized to the largest valid call (maxMessageBytesOf: texts per
   * call x (bytes per text + framing) + 4 KiB for the rest; 16 MiB + 5 KiB with the defaults), so a valid Classify
   * always fits and nothing much larger is read. Set it to override, e.g. for batch uploads of larger messages. */
  SIEVE_MAX_MESSAGE_BYTES: integer(1024, 256 << 20).optional(),
  /** Items one upload message may carry (Batches.Submit chunk items, Heads.Train examples), counted on the wire
   * before decoding: each becomes an object once decoded. The clients send 500 per message. */
  SIEVE_MAX_ITEMS_PER_MESSAGE: integer(1, 1_000_000).default(10_000),
  /** Texts accepted but not yet answered, per model and gateway, before RESOURCE_EXHAUSTED. */
  SIEVE_MAX_PENDING_TEXTS: integer(1, 10_000_000).default(20_000),
  /** Longest a request is held for company before its job goes to Redis, while its queue (model and tenant) is backed
   * up: at most a tenth of what its requests wait now, so nothing at low load. Each job costs Redis and the worker
   * the same round trips, so at saturation this is what lets single-text calls share them. 0: only the requests of
   * one event-loop turn share a job. */
  SIEVE_COALESCE_MAX_MS: integer(0, 1000).default(10),
  /** Deadline applied to calls that set none, so that nothing waits forever. */
  SIEVE_DEFAULT_TIMEOUT_MS: integer(1, 3_600_000).default(30_000),
  /** Concurrent requests in flight on one ClassifyStream before the gateway stops reading from it. */
  SIEVE_MAX_STREAM_IN_FLIGHT: integer(1, 100_000).default(256),
  /** How long a stopping gateway (SIGTERM) answers the work it admitted before it ends what is still open with
   * UNAVAILABLE. From SIGTERM on it admits nothing new (UNAVAILABLE, health NOT_SERVING); its pod's
   * terminationGracePeriodSeconds must cover the preStop sleep, this and a few seconds to close connections. */
  SIEVE_DRAIN_TIMEOUT_MS: integer(0, 600_000).default(10_000),
  /** How often the model list is refreshed from the worker registry. */
  SIEVE_REGISTRY_REFRESH_MS: integer(50, 60_000).default(1000),
  /** Tenants and their hashed API keys (YAML or JSON; reloaded on change). Without it and without an admin token,
   * the gateway runs open: every caller is tenant "default", and only on a loopback address. */
  SIEVE_TENANTS_FILE: z.string().optional(),
  /** The Admin credential (separate from every tenant key); enables key-authenticated mode. */
  SIEVE_ADMIN_TOKEN: adminTokenSchema.optional(),
  /** "true" allows open mode (no tenants) on a non-loopback address. */
  SIEVE_ALLOW_OPEN: z.enum(['true', 'false']).default('false'),
  /** "true" with tenants configured: a call that presents no API key is served as tenant "default" (no limits), as in
   * open mode, while a call with a key is authenticated by it. `pnpm start` sets it so that the Admin API and keyless
   * local calls go together. Loopback only, like open mode, unless SIEVE_ALLOW_OPEN=true. */
  SIEVE_ALLOW_KEYLESS: z.enum(['true', 'false']).default('false'),
  /** host:port serving Prometheus /metrics (e.g. 0.0.0.0:9464 in Kubernetes); unset: no endpoint. */
  SIEVE_METRICS_ADDRESS: z.string().regex(/:\d+$/, 'must be host:port').optional(),
  /** host:port serving HTTP/JSON (the /v1 routes, TEI's /predict, /info and /health, /openapi.json) beside gRPC;
   * unset: no HTTP surface. Every route goes through the gRPC server's own admission, validation and quotas. */
  SIEVE_HTTP_ADDRESS: z.string().regex(/:\d+$/, 'must be host:port').optional(),
  /** host:port of the admin plane's own HTTP listener: the Admin API's /v1/admin routes, the console (when enabled)
   * and the public routes the console reads. Set, the tenant listener (SIEVE_HTTP_ADDRESS) no longer serves them, so
   * the tenants' Ingress never reaches them; unset: both are served on SIEVE_HTTP_ADDRESS. Needs SIEVE_ADMIN_TOKEN. */
  SIEVE_ADMIN_HTTP_ADDRESS: z.string().regex(/:\d+$/, 'must be host:port').optional(),
  /** "true" serves the operators' web console at /console/ on the admin HTTP listener (SIEVE_ADMIN_HTTP_ADDRESS), or
   * on the HTTP listener without one (the admin token signs in to it). Needs SIEVE_ADMIN_TOKEN and one of the two
   * addresses. Off by default: a console is a way in, and enabling it is a decision. */
  SIEVE_CONSOLE_ENABLED: z.enum(['true', 'false']).default('false'),
  /** The model TEI's /predict and /info serve ("name" or "name@version"); unset: the first served model by name. */
  SIEVE_TEI_MODEL: z.string().min(1).optional(),
  /** Texts per batch-job chunk: the unit a worker takes as one job, writes results for, and resumes from. */
  SIEVE_BATCH_CHUNK_TEXTS: integer(1, 10_000).default(256),
  /** Largest batch job accepted (a tenant's max_batch_texts may be lower). */
  SIEVE_BATCH_MAX_TEXTS: integer(1, 100_000_000).default(10_000_000),
  /** How long results stay readable after a batch ends, unless the batch asks for less or more (up to the max). */
  SIEVE_BATCH_RETENTION_MS: integer(1000, 365 * 86_400_000).default(7 * 86_400_000),
  SIEVE_BATCH_MAX_RETENTION_MS: integer(1000, 365 * 86_400_000).default(30 * 86_400_000),
  /** An upload that receives nothing for this long is dropped (the client's stream broke without an end). */
  SIEVE_BATCH_UPLOAD_IDLE_MS: integer(1000, 86_400_000).default(3_600_000),
  /** How often a gateway writes the usage it summed (one MULTI per tenant and model); 0 writes per call. */
  SIEVE_USAGE_FLUSH_MS: integer(0, 60_000).default(1000),
  /** How long a text's answer is reused for the same model digest and options (0: off). Answers are a pure function of
   * digest, text and options, so the TTL bounds Redis memory (~250 bytes per distinct text), not correctness;
   * 10 minutes covers a spam wave. Tenants opt out with disable_response_cache. */
  SIEVE_RESPONSE_CACHE_TTL_MS: integer(0, 7 * 86_400_000).default(600_000),
  /** Per tenant, the most answers the response cache keeps; past it (or past the bytes below) the oldest go first.
   * An answer of 3 labels costs Redis ~340 bytes (docs/operations.md, "Redis memory"): 20,000 would be ~6.8 MB, so with the
   * default bytes bound below that one is reached first (~12,000 answers). */
  SIEVE_RESPONSE_CACHE_MAX_ENTRIES: integer(1, 10_000_000).default(20_000),
  /** Per tenant, the most Redis memory the response cache takes (entries counted as Redis allocates them, with
   * their bookkeeping): 4 MiB holds ~12,000 answers of 3 labels. N tenants can take N times this, which
   * SIEVE_REDIS_HIGH_WATER_PERCENT covers. */
  SIEVE_RESPONSE_CACHE_MAX_BYTES: integer(4096, 1 << 30).default(4 << 20),
  /** How long a request_id is remembered: a retry with the same id within it gets the first answer. */
  SIEVE_REQUEST_ID_TTL_MS: integer(1000, 86_400_000).default(300_000),
  /** Per tenant, the most request ids remembered (oldest forgotten first). An id costs Redis ~610 bytes for a
   * one-text call of a 3-label model and ~100 bytes more per further text (the whole answer is kept, ~29 KB for 256
   * texts): 10,000 one-text ids would be ~6 MB, so the bytes bound below is reached first. */
  SIEVE_REQUEST_ID_MAX_ENTRIES: integer(1, 10_000_000).default(10_000),
  /** Per tenant, the most Redis memory the request-id memo takes: 2 MiB holds ~3,400 one-text answers or ~70 of
   * 256 texts. A retry whose id was forgotten is computed again (and answers the same). */
  SIEVE_REQUEST_ID_MAX_BYTES: integer(4096, 1 << 30).default(2 << 20),
  /** Percent of Redis's maxmemory above which cache and memo writes stop (reads go on) until memory falls 5 points
   * below it, so that queues, heartbeats and leases keep the rest. Redis without maxmemory never reaches it. */
  SIEVE_REDIS_HIGH_WATER_PERCENT: integer(10, 100).default(80),
  /** The HMAC key of response-cache keys and request fingerprints (at least 32 characters); give every gateway the
   * same one so that they share cached answers. Unset (and no _FILE): a random key per process, with a warning:
   * entries are then neither shared between gateways nor kept across restarts. */
  SIEVE_CACHE_KEY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** A file holding SIEVE_CACHE_KEY_SECRET (e.g. a mounted Kubernetes Secret); surrounding whitespace is ignored. */
  SIEVE_CACHE_KEY_SECRET_FILE: z.string().min(1).optional(),
  /** "true" puts the texts of each request on its trace span (sieve.input.texts): debugging only, they are data. */
  SIEVE_TRACE_TEXTS: z.enum(['true', 'false']).default('false'),
  /** The models file the workers follow (watched): its default versions, and configured models shown by Models.List. */
  SIEVE_MODELS_FILE: z.string().min(1).optional(),
  SIEVE_LOG_LEVEL: logLevel,
  SIEVE_PARALLEL_GC: parallelGc,
  /** PEM certificate chain and private key: set both to serve gRPC over TLS only. Reloaded when the files change
   * (e.g. a renewed Kubernetes Secret) for new connections; a bad pair is refused and the previous one kept. */
  SIEVE_TLS_CERT_FILE: z.string().min(1).optional(),
  SIEVE_TLS_KEY_FILE: z.string().min(1).optional(),
  /** PEM CA bundle: set it to require a client certificate signed by one of these CAs (mTLS). */
  SIEVE_TLS_CLIENT_CA_FILE: z.string().min(1).optional(),
  /** Concurrent calls (HTTP/2 streams) per client connection; more wait in the client until one ends. Each open call
   * holds state and buffers on the gateway, so this is what bounds the memory one connection can take. */
  SIEVE_MAX_CONCURRENT_STREAMS: integer(1, 100_000).default(256),
});

/** TLS needs a certificate and its key; client certificates (mTLS) need TLS. */
function tlsFilesTogether(config: z.infer<typeof gatewayVariables>, context: z.RefinementCtx): void {
  const { SIEVE_TLS_CERT_FILE: cert, SIEVE_TLS_KEY_FILE: key, SIEVE_TLS_CLIENT_CA_FILE: clientCa } = config;
  if ((cert === undefined) !== (key === undefined)) {
    context.addIssue({
      code: 'custom',
      path: [cert === undefined ? 'SIEVE_TLS_CERT_FILE' : 'SIEVE_TLS_KEY_FILE'],
      message: 'set SIEVE_TLS_CERT_FILE and SIEVE_TLS_KEY_FILE together (TLS needs both)',
    });
  }
  if (clientCa !== undefined && cert === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['SIEVE_TLS_CLIENT_CA_FILE'],
      message: 'client certificates (mTLS) need TLS: set SIEVE_TLS_CERT_FILE and SIEVE_TLS_KEY_FILE too',
    });
  }
}

/** The console is the Admin API in a browser: it needs the admin token to sign in with and an HTTP listener to be served on. */
function consoleNeeds(config: z.infer<typeof gatewayVariables>, context: z.RefinementCtx): void {
  if (config.SIEVE_CONSOLE_ENABLED !== 'true') return;
  if (config.SIEVE_ADMIN_TOKEN === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['SIEVE_CONSOLE_ENABLED'],
      message: 'the console signs in with the admin token: set SIEVE_ADMIN_TOKEN too',
    });
  }
  if (config.SIEVE_HTTP_ADDRESS === undefined && config.SIEVE_ADMIN_HTTP_ADDRESS === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['SIEVE_CONSOLE_ENABLED'],
      message:
        'the console is served on an HTTP listener: set SIEVE_ADMIN_HTTP_ADDRESS (its own port, recommended) or ' +
        'SIEVE_HTTP_ADDRESS too',
    });
  }
}

/** The admin listener serves only the Admin API (and the console on it), both of which take the admin token. */
function adminListenerNeeds(config: z.infer<typeof gatewayVariables>, context: z.RefinementCtx): void {
  const address = config.SIEVE_ADMIN_HTTP_ADDRESS;
  if (address === undefined) return;
  if (config.SIEVE_ADMIN_TOKEN === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['SIEVE_ADMIN_HTTP_ADDRESS'],
      message:
        'the admin HTTP listener serves the Admin API, which needs the admin token: set SIEVE_ADMIN_TOKEN too',
    });
  }
  if (address === config.SIEVE_HTTP_ADDRESS) {
    context.addIssue({
      code: 'custom',
      path: ['SIEVE_ADMIN_HTTP_ADDRESS'],
      message: 'must differ from SIEVE_HTTP_ADDRESS: the admin plane is meant to have a port of its own',
    });
  }
}

export const gatewayConfigSchema = gatewayVariables.superRefine((config, context) => {
  tlsFilesTogether(config, context);
  consoleNeeds(config, context);
  adminListenerNeeds(config, context);
});

/**
 * Everything of the largest Classify or ClassifyStream request besides its texts: the model name (256 characters,
 * up to 4 UTF-8 bytes each), request_id and correlation_id (128 characters each), options, priority, and their
 * tags and lengths come to about 2.2 KB.
 */
const REQUEST_ALLOWANCE_BYTES = 4096;

/** Bytes of a protobuf varint holding `value` (7 bits each). */
function varintBytes(value: number): number {
  let bytes = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) bytes += 1;
  return bytes;
}

/**
 * SIEVE_MAX_MESSAGE_BYTES, or when unset what the largest valid call needs: SIEVE_MAX_TEXTS_PER_CALL texts of
 * SIEVE_MAX_TEXT_BYTES, each with its tag and length, and the allowance for the rest (at most 256 MiB).
 */
export function maxMessageBytesOf(
  config: Pick<
    GatewayConfig,
    'SIEVE_MAX_MESSAGE_BYTES' | 'SIEVE_MAX_TEXTS_PER_CALL' | 'SIEVE_MAX_TEXT_BYTES'
  >,
): number {
  if (config.SIEVE_MAX_MESSAGE_BYTES !== undefined) return config.SIEVE_MAX_MESSAGE_BYTES;
  const perText = 1 + varintBytes(config.SIEVE_MAX_TEXT_BYTES) + config.SIEVE_MAX_TEXT_BYTES;
  return Math.min(256 << 20, config.SIEVE_MAX_TEXTS_PER_CALL * perText + REQUEST_ALLOWANCE_BYTES);
}

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
