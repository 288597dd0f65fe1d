import { status, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { ApiError, type ModelInit, type ModelsHandlers } from '@sieve/api';
import type { ModelsFile } from '@sieve/model-registry';
import { headModelName } from '@sieve/heads';
import type { DescribedHead, HeadResolver } from '../heads/head-resolution.ts';
import type { CatalogEntry, ModelCatalog, UnservedEntry } from './model-catalog.ts';
import type { TenantGate } from '../edge/tenant-gate.ts';
import type { Logger } from 'pino';
import { backendUnavailable } from '../edge/backend-unavailable.ts';
import { apiErrorOf, grpcStatusOf } from '../edge/error-status.ts';

function servedModel(entry: CatalogEntry): ModelInit {
  return {
    name: entry.name,
    version: entry.version,
    digest: entry.digest,
    labels: entry.labels,
    maxLength: entry.maxLength,
    state: 'MODEL_STATE_READY',
    dtype: entry.dtype,
    defaultVersion: entry.isDefault,
    workerCount: entry.workers,
    executionProviders: entry.executionProviders,
    adapters: entry.adapters,
    synthetic: entry.synthetic === true,
  };
}

function unservedModel(entry: UnservedEntry): ModelInit {
  return {
    name: entry.name,
    version: entry.version,
    state: entry.state === 'loading' ? 'MODEL_STATE_LOADING' : 'MODEL_STATE_FAILED',
    stateReason: entry.reason ?? '',
    workerCount: 0,
  };
}

/**
 * Models.List/Get: what is served (READY, with digest, labels, workers), what is assigned but LOADING or FAILED (and
 * why), and, with a models file, what is configured but has no worker at all (UNAVAILABLE).
 */
/** A tenant's head as a model: its labels, the backbone's digest and length, READY only where it can serve. */
function headModel({ record, base }: DescribedHead): ModelInit {
  const state =
    record.state === 'training'
      ? 'MODEL_STATE_LOADING'
      : record.state === 'failed'
        ? 'MODEL_STATE_FAILED'
        : base
          ? 'MODEL_STATE_READY'
          : 'MODEL_STATE_UNAVAILABLE';
  return {
    name: `${record.baseModel}+${record.name}`,
    version: String(record.version),
    digest: record.baseDigest,
    labels: record.labels,
    maxLength: base?.maxLength ?? 0,
    state,
    stateReason:
      record.state === 'failed'
        ? record.stateReason
        : record.state === 'training'
          ? 'training'
          : base
            ? ''
            : `no worker serves ${record.baseModel} with digest ${record.baseDigest}, the backbone it was trained on`,
    dtype: base?.dtype ?? '',
    source: `head ${headModelName(record.baseModel, record.name, record.version)}`,
    workerCount: base?.workers ?? 0,
    executionProviders: base?.executionProviders ?? [],
    adapters: base?.adapters ?? [],
    // A head trained on random features is as meaningless as its backbone.
    synthetic: base?.synthetic === true,
  };
}

/**
 * Every model Models.List reports: served (READY), assigned but LOADING or FAILED, and configured in the models file
 * with no worker (UNAVAILABLE). The Admin API's cluster status lists the same.
 */
export function listedModels(catalog: ModelCatalog, modelsFile?: () => ModelsFile | undefined): ModelInit[] {
  const models = catalog.list().map(servedModel);
  const known = new Set(models.map((m) => `${m.name}@${m.version}`));
  for (const entry of catalog.listUnserved()) {
    if (!known.has(entry.ref)) models.push(unservedModel(entry));
    known.add(entry.ref);
  }
  for (const entry of modelsFile?.()?.entries ?? []) {
    if (known.has(entry.ref)) continue;
    models.push({
      name: entry.name,
      version: entry.version,
      dtype: entry.dtype,
      defaultVersion: entry.isDefault,
      state: 'MODEL_STATE_UNAVAILABLE',
      stateReason: `no live worker ${entry.pools.length ? `of pool ${entry.pools.join(' or ')} ` : ''}serves it`,
      workerCount: 0,
    });
  }
  return models;
}

export function modelsService(
  catalog: ModelCatalog,
  modelsFile?: () => ModelsFile | undefined,
  /** Answers Get for `MODEL+HEAD[@VERSION]` with the caller's own head (it then needs the caller's key). */
  heads?: { gate: TenantGate; resolver: HeadResolver; log?: Logger },
): ModelsHandlers {
  const all = (): ModelInit[] => listedModels(catalog, modelsFile);
  return {
    List(_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<{ models: ModelInit[] }>) {
      callback(null, { models: all() });
    },
    Get(call: ServerUnaryCall<{ name: string }, unknown>, callback: sendUnaryData<{ model: ModelInit }>) {
      const name = call.request.name;
      if (!name) {
        callback(grpcStatusOf(ApiError.invalidArgument([{ field: 'name', description: 'required' }])));
        return;
      }
      if (heads && name.includes('+')) {
        heads.gate
          .authenticate(call.metadata)
          .then((tenant) => heads.resolver.describe(tenant, name))
          .then(
            (described) => callback(null, { model: headModel(described) }),
            (error: unknown) =>
              callback(
                grpcStatusOf(
                  apiErrorOf(error, (unknown) =>
                    backendUnavailable(heads.log, unknown, 'the head cannot be described right now'),
                  ),
                ),
              ),
          );
        return;
      }
      const served = catalog.resolve(name);
      const model = served
        ? servedModel(served)
        : all().find((m) => `${m.name}@${m.version}` === name || (!name.includes('@') && m.name === name));
      if (!model) {
        callback(
          grpcStatusOf(
            ApiError.withReason(status.NOT_FOUND, 'MODEL_NOT_FOUND', `model "${name}" is not known here`),
          ),
        );
        return;
      }
      callback(null, { model });
    },
  } as ModelsHandlers;
}
