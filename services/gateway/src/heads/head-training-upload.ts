import { randomUUID } from 'node:crypto';
import { ApiError, type TrainHeadRequest } from '@sieve/api';
import type { HeadRecord, HeadStore, HeadTrainingScheduler } from '@sieve/heads';
import type { TenantSpec } from '@sieve/tenancy';
import type { Logger } from 'pino';
import { validateHeadSpec, validateTrainingExamples } from './head-request-validation.ts';
import type { ModelCatalog } from '../models/model-catalog.ts';
import { backendUnavailable } from '../edge/backend-unavailable.ts';
import type { TenantGate } from '../edge/tenant-gate.ts';

export interface HeadUploadLimits {
  maxTextBytes: number;
  /** An upload idle this long is dropped (its staged examples expire). */
  uploadIdleMs: number;
}

/** A worker holds every example's features while it trains (768 float64s each for DistilBERT: ~300 MB here). */
const MAX_EXAMPLES = 50_000;
/** Fewer cannot be split into training, validation and held-out examples of every label. */
const MIN_EXAMPLES_PER_LABEL = 5;
/** How long examples wait for a worker of the base model before they expire (a training job retries meanwhile). */
const EXAMPLES_TTL_MS = 7 * 86_400_000;

/**
 * One Heads.Train stream: the spec, then labelled examples staged in Redis as they arrive, and at the end the quota
 * check and the commit that makes the head version exist (state TRAINING) and puts it on the training queue of its
 * base model. Until the commit nothing is visible, and a broken stream leaves only staging that expires.
 */
export class HeadTrainingUpload {
  constructor(
    private readonly deps: {
      store: HeadStore;
      scheduler: HeadTrainingScheduler;
      gate: TenantGate;
      catalog: ModelCatalog;
      limits: HeadUploadLimits;
      log: Logger;
    },
  ) {}

  async receive(
    tenant: TenantSpec,
    messages: AsyncIterable<TrainHeadRequest>,
  ): Promise<{ record: HeadRecord; existing: boolean }> {
    const { store, gate, catalog, limits } = this.deps;
    const iterator = messages[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done || !first.value.spec) {
      throw ApiError.invalidArgument([
        { field: 'messages[0].spec', description: 'the first message must carry the head spec' },
      ]);
    }
    const spec = validateHeadSpec(first.value.spec, catalog);
    gate.authorizeModel(tenant, spec.base.name);
    if (spec.idempotencyKey) {
      const existing = (await store.list(tenant.id)).find(
        (record) => record.idempotencyKey === spec.idempotencyKey,
      );
      if (existing) {
        for (let next = await iterator.next(); !next.done; next = await iterator.next());
        if (existing.state === 'training') await this.deps.scheduler.schedule(existing);
        return { record: existing, existing: true };
      }
    }

    const id = `h-${randomUUID().replaceAll('-', '').slice(0, 24)}`;
    const labelIndex = new Map(spec.labels.map((label, index) => [label, index]));
    const perLabel = spec.labels.map(() => 0);
    try {
      let message = 0;
      let total = 0;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        message += 1;
        const { examples, spec: again } = next.value;
        if (again || !examples) {
          throw ApiError.invalidArgument([
            {
              field: `messages[${message}]`,
              description: again ? 'only the first message carries a spec' : 'examples are required',
            },
          ]);
        }
        const staged = validateTrainingExamples(
          examples.examples,
          { message, firstIndex: total },
          labelIndex,
          limits.maxTextBytes,
        );
        total += staged.length;
        if (total > MAX_EXAMPLES) {
          throw ApiError.invalidArgument([
            {
              field: 'messages',
              description: `more than ${MAX_EXAMPLES} examples; a head is trained on fewer`,
            },
          ]);
        }
        for (const [, label] of staged) perLabel[label]! += 1;
        await store.stageExamples(id, staged, limits.uploadIdleMs);
      }
      const scarce = spec.labels.filter((_, index) => perLabel[index]! < MIN_EXAMPLES_PER_LABEL);
      if (scarce.length > 0) {
        throw ApiError.invalidArgument([
          {
            field: 'messages',
            description:
              `every label needs at least ${MIN_EXAMPLES_PER_LABEL} examples (to train, stop early and measure); ` +
              scarce.map((label) => `"${label}" has ${perLabel[labelIndex.get(label)!]}`).join(', '),
          },
        ]);
      }

      // Training reads every example through the backbone once: it counts against the batch quotas, like a batch
      // of that many texts, and holds no concurrent-batch slot beyond this call.
      const admitted = await gate.admitBatch(tenant, spec.base.ref, total, 60_000);
      gate.release(admitted.leases);
      const created = await store.create(
        {
          id,
          tenant: tenant.id,
          name: spec.name,
          baseModel: spec.base.name,
          baseVersion: spec.base.version,
          baseDigest: spec.base.digest,
          labels: spec.labels,
          holdoutFraction: spec.holdoutFraction,
          hiddenUnits: spec.hiddenUnits,
          classWeighting: spec.classWeighting,
          idempotencyKey: spec.idempotencyKey,
          examples: total,
        },
        EXAMPLES_TTL_MS,
      );
      if (created.outcome === 'existing') {
        await store.discardExamples(id);
        return { record: created.record, existing: true };
      }
      gate.record({ tenantId: tenant.id, model: spec.base.ref, requests: 1, batchTexts: total });
      await this.deps.scheduler.schedule(created.record).catch(async (error: unknown) => {
        // Without a job nobody would ever train it: fail the version rather than leave it TRAINING forever. The
        // record (read by the tenant) and the caller get a fixed reason; Redis's own text goes to the log.
        const failure = backendUnavailable(this.deps.log, error, 'the head could not be queued for training');
        await store
          .markFailed(
            created.record,
            'could not be queued for training (queue backend unavailable); train again',
          )
          .catch((markError: unknown) => this.deps.log.warn({ err: markError }, 'head not marked failed'));
        throw failure;
      });
      this.deps.log.info(
        {
          tenant: tenant.id,
          head: `${spec.base.name}+${spec.name}@${created.record.version}`,
          examples: total,
        },
        'head queued for training',
      );
      return { record: created.record, existing: false };
    } catch (error) {
      await store.discardExamples(id).catch(() => undefined);
      throw error;
    }
  }
}
