import { status, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { ApiError, type ModelInit, type ModelsHandlers } from '@sieve/api';
import type { ModelsFile } from '@sieve/model-registry';
import type { CatalogEntry, ModelCatalog, UnservedEntry } from './model-catalog.ts';

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
export function modelsService(
  catalog: ModelCatalog,
  modelsFile?: () => ModelsFile | undefined,
): ModelsHandlers {
  const all = (): ModelInit[] => {
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
  };
  return {
    List(_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<{ models: ModelInit[] }>) {
      callback(null, { models: all() });
    },
    Get(call: ServerUnaryCall<{ name: string }, unknown>, callback: sendUnaryData<{ model: ModelInit }>) {
      const name = call.request.name;
      if (!name) {
        callback(ApiError.invalidArgument([{ field: 'name', description: 'required' }]).toServiceError());
        return;
      }
      const served = catalog.resolve(name);
      const model = served
        ? servedModel(served)
        : all().find((m) => `${m.name}@${m.version}` === name || (!name.includes('@') && m.name === name));
      if (!model) {
        callback(
          ApiError.withReason(
            status.NOT_FOUND,
            'MODEL_NOT_FOUND',
            `model "${name}" is not known here`,
          ).toServiceError(),
        );
        return;
      }
      callback(null, { model });
    },
  } as ModelsHandlers;
}
