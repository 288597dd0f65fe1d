/**
 * Every key sieve writes shares one Redis Cluster hash tag (the `{...}` part of the prefix), because BullMQ's
 * Lua scripts touch several keys of a queue at once and Redis Cluster only allows that within one slot.
 */
export interface QueueKeys {
  prefix: string;
  queueName(model: string): string;
  workerSet: string;
  workerInfo: string;
  replyChannel(gatewayId: string): string;
  cancelled(requestId: string): string;
}

export function queueKeys(prefix = '{sieve}'): QueueKeys {
  if (!/\{[^{}]+\}/.test(prefix)) {
    throw new Error(
      `queue prefix "${prefix}" needs a {hash-tag} (e.g. "{sieve}") so that it works on Redis Cluster`,
    );
  }
  return {
    prefix,
    // BullMQ reserves ':' as its key separator; model names like "org/model@v1" keep only safe characters.
    queueName: (model) => `classify.${model.replace(/[^A-Za-z0-9._@+-]/g, '_')}`,
    workerSet: `${prefix}:workers`,
    workerInfo: `${prefix}:worker-info`,
    replyChannel: (gatewayId) => `${prefix}:reply:${gatewayId}`,
    cancelled: (requestId) => `${prefix}:cancelled:${requestId}`,
  };
}
