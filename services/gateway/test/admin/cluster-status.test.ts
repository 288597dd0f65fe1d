// GetClusterStatus from the model list and the workers' and gateways' announcements: pure, no Redis, no gRPC.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelInit } from '@sieve/api';
import type { GatewayAnnouncement, WorkerAnnouncement } from '@sieve/queue';
import { CLUSTER_STATUS_LIMITS, clusterStatusMessage } from '../../src/admin/cluster-status.ts';

const served = (name: string, version = '1'): ModelInit => ({
  name,
  version,
  state: 'MODEL_STATE_READY',
  workerCount: 1,
});
const model = (name: string, version = '1') => ({
  name,
  version,
  digest: 'sha256:abc',
  labels: ['a', 'b'],
  maxLength: 128,
  dtype: 'float32',
  executionProvider: 'cpu',
});
const gateway = { id: 'g-1', backendReachable: true, draining: false, startedAt: 1_000 };

describe('cluster status', () => {
  it("adds up a model's pending texts over its workers and takes the largest queue sample", () => {
    const workers: WorkerAnnouncement[] = [
      {
        workerId: 'w-b',
        startedAt: 0,
        heartbeatAt: 10_000,
        pool: 'gpu',
        models: [{ ...model('tiny'), executionProvider: 'cuda', adapter: 'H100' }],
        backlog: [
          {
            model: 'tiny@1',
            pending: [
              { tenant: 'acme', priority: 0, texts: 5, oldestEnqueuedAt: 9_000 },
              { tenant: 'acme', priority: 3, texts: 40, oldestEnqueuedAt: 4_000 },
            ],
            queued: [{ tenant: 'acme', kind: 'batch', waiting: 7, active: 2 }],
            truncated: false,
          },
        ],
      },
      {
        workerId: 'w-a',
        startedAt: 0,
        heartbeatAt: 10_500,
        models: [model('tiny')],
        backlog: [
          {
            model: 'tiny@1',
            pending: [{ tenant: 'acme', priority: 0, texts: 3, oldestEnqueuedAt: 8_500 }],
            queued: [{ tenant: 'acme', kind: 'batch', waiting: 6, active: 2 }],
            truncated: true,
          },
        ],
      },
    ];
    const answer = clusterStatusMessage([served('tiny'), served('idle', '2')], workers, gateway, []);
    const [tiny, idle] = answer.models!;
    assert.deepEqual(tiny!.workerIds, ['w-a', 'w-b']);
    assert.deepEqual(tiny!.pending, [
      {
        tenantId: 'acme',
        priority: 'PRIORITY_UNSPECIFIED',
        batch: true,
        texts: 40,
        oldestWait: { seconds: 6, nanos: 0 },
      },
      {
        tenantId: 'acme',
        priority: 'PRIORITY_HIGH',
        batch: false,
        texts: 8,
        oldestWait: { seconds: 2, nanos: 0 },
      },
    ]);
    assert.deepEqual(tiny!.queued, [{ tenantId: 'acme', batch: true, waiting: 7, active: 2 }]);
    assert.equal(tiny!.truncated, true, "a worker's own cut shows");
    assert.deepEqual(idle, {
      model: served('idle', '2'),
      workerIds: [],
      pending: [],
      queued: [],
      truncated: false,
    });
    assert.deepEqual(
      answer.workers!.map((worker) => [worker.id, worker.pool, worker.models, worker.heartbeatTime]),
      [
        [
          'w-a',
          '',
          [{ model: 'tiny@1', executionProvider: 'cpu', adapter: '' }],
          { seconds: 10, nanos: 5e8 },
        ],
        [
          'w-b',
          'gpu',
          [{ model: 'tiny@1', executionProvider: 'cuda', adapter: 'H100' }],
          { seconds: 10, nanos: 0 },
        ],
      ],
    );
    // Not announced yet (its first beat not read back): listed all the same, without a heartbeat.
    const self = {
      id: 'g-1',
      backendReachable: true,
      draining: false,
      startTime: { seconds: 1, nanos: 0 },
      heartbeatTime: null,
    };
    assert.deepEqual(answer.gateway, self);
    assert.deepEqual(answer.gateways, [self]);
    assert.equal(answer.truncated, false);
  });

  it('lists the live gateways by id, the answering one as it is now rather than as it last announced itself', () => {
    const gateways: GatewayAnnouncement[] = [
      { gatewayId: 'g-2', startedAt: 2_000, draining: true, heartbeatAt: 9_250 },
      { gatewayId: 'g-1', startedAt: 1_000, draining: false, heartbeatAt: 9_500 },
      { gatewayId: 'g-0', startedAt: 500, draining: false, heartbeatAt: 9_000 },
    ];
    const answer = clusterStatusMessage(
      [],
      [],
      { ...gateway, backendReachable: false, draining: true },
      gateways,
    );
    assert.deepEqual(answer.gateway, {
      id: 'g-1',
      backendReachable: false,
      draining: true,
      startTime: { seconds: 1, nanos: 0 },
      heartbeatTime: { seconds: 9, nanos: 5e8 },
    });
    assert.deepEqual(
      answer.gateways!.map((g) => [g.id, g.backendReachable, g.draining, g.startTime, g.heartbeatTime]),
      [
        ['g-0', true, false, { seconds: 0, nanos: 5e8 }, { seconds: 9, nanos: 0 }],
        ['g-1', false, true, { seconds: 1, nanos: 0 }, { seconds: 9, nanos: 5e8 }],
        ['g-2', true, true, { seconds: 2, nanos: 0 }, { seconds: 9, nanos: 2.5e8 }],
      ],
    );
  });

  it('bounds models, workers, gateways and groups, and says so', () => {
    const models = Array.from({ length: CLUSTER_STATUS_LIMITS.models + 1 }, (_, i) => served(`m${i}`));
    const workers: WorkerAnnouncement[] = Array.from(
      { length: CLUSTER_STATUS_LIMITS.workers + 1 },
      (_, i) => ({
        workerId: `w-${String(i).padStart(4, '0')}`,
        startedAt: 0,
        models: [model('m0')],
        backlog: [
          {
            model: 'm0@1',
            pending: [{ tenant: `t${i}`, priority: 1, texts: 1, oldestEnqueuedAt: 0 }],
            queued: [],
            truncated: false,
          },
        ],
      }),
    );
    const gateways: GatewayAnnouncement[] = Array.from(
      { length: CLUSTER_STATUS_LIMITS.gateways + 1 },
      (_, i) => ({ gatewayId: `g-x${String(i).padStart(4, '0')}`, startedAt: 0, draining: false }),
    );
    const answer = clusterStatusMessage(models, workers, gateway, gateways);
    assert.equal(answer.models!.length, CLUSTER_STATUS_LIMITS.models);
    assert.equal(answer.workers!.length, CLUSTER_STATUS_LIMITS.workers);
    assert.equal(answer.gateways!.length, CLUSTER_STATUS_LIMITS.gateways);
    assert.equal(answer.truncated, true);
    assert.equal(answer.models![0]!.pending!.length, CLUSTER_STATUS_LIMITS.groups);
    assert.equal(answer.models![0]!.truncated, true);
  });
});
