/**
 * Every key sieve writes shares one Redis Cluster hash tag (the `{...}` part of the prefix), because BullMQ's
 * Lua scripts touch several keys of a queue at once and Redis Cluster only allows that within one slot.
 */
export interface QueueKeys {
  prefix: string;
  /** One queue per model and tenant, so that one tenant's backlog never sits in front of another's. */
  queueName(model: string, tenant?: string): string;
  /** The set of tenants that have a queue for a model; workers watch it to consume every tenant's queue. */
  tenantQueues(model: string): string;
  /** A tenant's batch-job chunks for a model: its own queue, so chunks never hold a slot interactive calls need. */
  batchChunkQueue(model: string, tenant: string): string;
  /** Parent jobs of batch flows: one per batch, run once every chunk is done (finalization). */
  batchParentQueue: string;
  /** Training jobs of heads on a model: taken by a worker serving that model (it computes the features). */
  headTrainingQueue(model: string): string;
  workerSet: string;
  workerInfo: string;
  /** Live gateways (GatewayRegistry), as workers have theirs. */
  gatewaySet: string;
  gatewayInfo: string;
  replyChannel(gatewayId: string): string;
  cancelled(requestId: string): string;
  /** Where gateways announce each cancel as they mark it, for the workers' CancellationFeed. */
  cancellationChannel: string;
}

// BullMQ reserves ':' as its key separator; names like "org/model@v1" keep only safe characters.
const safe = (name: string): string => name.replace(/[^A-Za-z0-9._@+-]/g, '_');

export function queueKeys(prefix = '{sieve}'): QueueKeys {
  if (!/\{[^{}]+\}/.test(prefix)) {
    throw new Error(
      `queue prefix "${prefix}" needs a {hash-tag} (e.g. "{sieve}") so that it works on Redis Cluster`,
    );
  }
  return {
    prefix,
    queueName: (model, tenant) => `classify.${safe(model)}${tenant ? `.t.${safe(tenant)}` : ''}`,
    batchChunkQueue: (model, tenant) => `batch.${safe(model)}.t.${safe(tenant)}`,
    batchParentQueue: 'batches',
    headTrainingQueue: (model) => `heads.${safe(model)}`,
    tenantQueues: (model) => `${prefix}:queues:${safe(model)}`,
    workerSet: `${prefix}:workers`,
    workerInfo: `${prefix}:worker-info`,
    gatewaySet: `${prefix}:gateways`,
    gatewayInfo: `${prefix}:gateway-info`,
    replyChannel: (gatewayId) => `${prefix}:reply:${gatewayId}`,
    cancelled: (requestId) => `${prefix}:cancelled:${requestId}`,
    cancellationChannel: `${prefix}:cancellations`,
  };
}
