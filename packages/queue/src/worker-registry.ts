import type { RedisClient } from '@sieve/redis';
import { LeaseSet } from './lease-set.ts';
import type { QueueKeys } from './queue-keys.ts';

/** A model as one worker serves it. */
export interface ServedModel {
  name: string;
  version: string;
  digest: string;
  labels: string[];
  maxLength: number;
  dtype: string;
  executionProvider: string;
  /** The GPU adapter the provider runs on (WebGPU: the Vulkan driver manifest); absent on CPU. */
  adapter?: string;
  /** Random weights (`sieve models synth`): Models.Get/List say so, since the answers mean nothing. */
  synthetic?: boolean;
}

/** A model a worker is assigned but does not serve (yet): loading, or failed and why. */
export interface UnservedModel {
  name: string;
  version: string;
  state: 'loading' | 'failed';
  reason?: string;
}

/** What waits on one worker for one model: texts in its batcher and jobs in the model's queues. */
export interface ModelBacklog {
  /** "name@version". */
  model: string;
  /** Texts in the batcher by tenant ('' none) and priority (0 high, 1 normal, 2 low, 3 batch jobs), most first. */
  pending: Array<{ tenant: string; priority: number; texts: number; oldestEnqueuedAt: number }>;
  /** Jobs in the model's queues as the worker last sampled them, per tenant ('' the shared queue) and kind. */
  queued: Array<{ tenant: string; kind: 'interactive' | 'batch'; waiting: number; active: number }>;
  /** Groups were left out of `pending` (the announcement stays small). */
  truncated: boolean;
}

export interface WorkerAnnouncement {
  workerId: string;
  /** Models ready to serve. */
  models: ServedModel[];
  /** Assigned models not ready: shown by Models.List, never routed to. */
  unserved?: UnservedModel[];
  /** The worker pool (models files assign models to pools). */
  pool?: string;
  startedAt: number;
  /** Batch counters, for operators and tests (metrics proper are exported by the worker itself). */
  stats?: Record<string, unknown>;
  /** Per served model: what waits on this worker (the Admin API's cluster status reads it). */
  backlog?: ModelBacklog[];
  /** Epoch ms of this announcement, set by the registry itself. */
  heartbeatAt?: number;
}

/** Which workers are alive and what they serve (see LeaseSet): the gateways' model catalogs read it. */
export class WorkerRegistry {
  private readonly members: LeaseSet<WorkerAnnouncement>;

  constructor(redis: RedisClient, keys: QueueKeys) {
    this.members = new LeaseSet(redis, { set: keys.workerSet, info: keys.workerInfo });
  }

  announce(worker: WorkerAnnouncement, leaseMs: number): Promise<void> {
    return this.members.renew(worker.workerId, worker, leaseMs);
  }

  withdraw(workerId: string): Promise<void> {
    return this.members.remove(workerId);
  }

  list(): Promise<WorkerAnnouncement[]> {
    return this.members.live();
  }
}
