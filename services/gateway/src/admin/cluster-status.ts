import type {
  GatewayStatusInit,
  GetClusterStatusResponseInit,
  ModelInit,
  ModelStatusInit,
  PendingTextsInit,
  Priority,
  QueuedJobsInit,
  WorkerStatusInit,
} from '@sieve/api';
import type { GatewayAnnouncement, ModelBacklog, WorkerAnnouncement } from '@sieve/queue';
import { PRIORITY } from '../inference/request-validation.ts';

/** Rows of each kind one answer holds at most; `truncated` says when some were left out. */
export const CLUSTER_STATUS_LIMITS = { models: 500, workers: 500, gateways: 500, groups: 100 } as const;

/** The job contract's priority numbers back to the API's classes; a number past them all is batch-job texts. */
const NAME_OF_PRIORITY = new Map(
  Object.entries(PRIORITY)
    .filter(([name]) => name !== 'PRIORITY_UNSPECIFIED')
    .map(([name, priority]) => [priority, name as Priority]),
);
const BATCH_PRIORITY = Math.max(...NAME_OF_PRIORITY.keys()) + 1;

export interface GatewaySnapshot {
  id: string;
  backendReachable: boolean;
  draining: boolean;
  startedAt: number;
}

/**
 * GetClusterStatus from what the gateway already holds: the models Models.List reports, the live workers' last
 * announcements (read by the model catalog) and the live gateways' (read by its heartbeat), so the answer costs no
 * Redis read. The answering gateway is listed as it is now, whether or not its announcement was read yet. Pending
 * texts add up over a model's workers (each holds its own batcher); queued jobs do not (every worker of a model
 * samples the same queues), so the largest sample counts.
 */
export function clusterStatusMessage(
  models: readonly ModelInit[],
  workers: readonly WorkerAnnouncement[],
  gateway: GatewaySnapshot,
  gateways: readonly GatewayAnnouncement[],
): GetClusterStatusResponseInit {
  const sortedWorkers = [...workers].sort((a, b) => a.workerId.localeCompare(b.workerId));
  const byModel = new Map<string, WorkerAnnouncement[]>();
  for (const worker of sortedWorkers) {
    for (const model of worker.models) {
      const ref = `${model.name}@${model.version}`;
      byModel.set(ref, [...(byModel.get(ref) ?? []), worker]);
    }
  }
  const modelRows = models.slice(0, CLUSTER_STATUS_LIMITS.models).map((model): ModelStatusInit => {
    const ref = `${model.name}@${model.version}`;
    const serving = byModel.get(ref) ?? [];
    const backlogs = serving.flatMap((worker) => {
      const backlog = worker.backlog?.find((entry) => entry.model === ref);
      return backlog ? [{ backlog, at: worker.heartbeatAt ?? 0 }] : [];
    });
    const pending = pendingGroups(backlogs);
    const queued = queuedGroups(backlogs.map(({ backlog }) => backlog));
    return {
      model,
      workerIds: serving.map((worker) => worker.workerId),
      pending: pending.slice(0, CLUSTER_STATUS_LIMITS.groups),
      queued: queued.slice(0, CLUSTER_STATUS_LIMITS.groups),
      truncated:
        pending.length > CLUSTER_STATUS_LIMITS.groups ||
        queued.length > CLUSTER_STATUS_LIMITS.groups ||
        backlogs.some(({ backlog }) => backlog.truncated),
    };
  });
  const { self, liveGateways } = gatewayMessages(gateway, gateways);
  return {
    models: modelRows,
    workers: sortedWorkers.slice(0, CLUSTER_STATUS_LIMITS.workers).map(workerMessage),
    gateway: self,
    gateways: liveGateways.slice(0, CLUSTER_STATUS_LIMITS.gateways),
    truncated:
      models.length > CLUSTER_STATUS_LIMITS.models ||
      workers.length > CLUSTER_STATUS_LIMITS.workers ||
      liveGateways.length > CLUSTER_STATUS_LIMITS.gateways,
  };
}

function gatewayMessages(
  gateway: GatewaySnapshot,
  gateways: readonly GatewayAnnouncement[],
): { self: GatewayStatusInit; liveGateways: GatewayStatusInit[] } {
  const announced = gateways.find((other) => other.gatewayId === gateway.id);
  const self: GatewayStatusInit = {
    id: gateway.id,
    backendReachable: gateway.backendReachable,
    draining: gateway.draining,
    startTime: timestamp(gateway.startedAt),
    heartbeatTime: timestamp(announced?.heartbeatAt ?? 0),
  };
  const others = gateways
    .filter((other) => other.gatewayId !== gateway.id)
    .map(
      (other): GatewayStatusInit => ({
        id: other.gatewayId,
        backendReachable: true,
        draining: other.draining,
        startTime: timestamp(other.startedAt),
        heartbeatTime: timestamp(other.heartbeatAt ?? 0),
      }),
    );
  return { self, liveGateways: [self, ...others].sort((a, b) => a.id!.localeCompare(b.id!)) };
}

function pendingGroups(backlogs: Array<{ backlog: ModelBacklog; at: number }>): PendingTextsInit[] {
  const groups = new Map<string, { tenant: string; priority: number; texts: number; oldestWaitMs: number }>();
  for (const { backlog, at } of backlogs) {
    for (const group of backlog.pending) {
      const key = `${group.priority}/${group.tenant}`;
      const waitMs = Math.max(0, at - group.oldestEnqueuedAt);
      const sum = groups.get(key);
      if (sum) {
        sum.texts += group.texts;
        sum.oldestWaitMs = Math.max(sum.oldestWaitMs, waitMs);
      } else
        groups.set(key, {
          tenant: group.tenant,
          priority: group.priority,
          texts: group.texts,
          oldestWaitMs: waitMs,
        });
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.texts - a.texts || a.priority - b.priority || a.tenant.localeCompare(b.tenant))
    .map((group) => ({
      tenantId: group.tenant,
      priority: NAME_OF_PRIORITY.get(group.priority) ?? 'PRIORITY_UNSPECIFIED',
      batch: group.priority >= BATCH_PRIORITY,
      texts: group.texts,
      oldestWait: duration(group.oldestWaitMs),
    }));
}

function queuedGroups(backlogs: ModelBacklog[]): QueuedJobsInit[] {
  const groups = new Map<string, ModelBacklog['queued'][number]>();
  for (const backlog of backlogs) {
    for (const queue of backlog.queued) {
      const key = `${queue.kind}/${queue.tenant}`;
      const seen = groups.get(key);
      if (!seen || queue.waiting + queue.active > seen.waiting + seen.active) groups.set(key, queue);
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.waiting - a.waiting || b.active - a.active || a.tenant.localeCompare(b.tenant))
    .map((queue) => ({
      tenantId: queue.tenant,
      batch: queue.kind === 'batch',
      waiting: queue.waiting,
      active: queue.active,
    }));
}

function workerMessage(worker: WorkerAnnouncement): WorkerStatusInit {
  return {
    id: worker.workerId,
    pool: worker.pool ?? '',
    models: worker.models.map((model) => ({
      model: `${model.name}@${model.version}`,
      executionProvider: model.executionProvider,
      adapter: model.adapter ?? '',
    })),
    heartbeatTime: timestamp(worker.heartbeatAt ?? 0),
  };
}

function timestamp(ms: number): { seconds: number; nanos: number } | null {
  return ms > 0 ? { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 } : null;
}

function duration(ms: number): { seconds: number; nanos: number } {
  return { seconds: Math.floor(ms / 1000), nanos: Math.round(ms % 1000) * 1e6 };
}
