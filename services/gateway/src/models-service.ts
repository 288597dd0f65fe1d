import { status, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { ApiError, type ModelInit, type ModelsHandlers } from '@sieve/api';
import type { CatalogEntry, ModelCatalog } from './model-catalog.ts';

function toModel(entry: CatalogEntry): ModelInit {
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

export function modelsService(catalog: ModelCatalog): ModelsHandlers {
  return {
    List(_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<{ models: ModelInit[] }>) {
      callback(null, { models: catalog.list().map(toModel) });
    },
    Get(call: ServerUnaryCall<{ name: string }, unknown>, callback: sendUnaryData<{ model: ModelInit }>) {
      const entry = call.request.name ? catalog.resolve(call.request.name) : undefined;
      if (!entry) {
        const error = call.request.name
          ? ApiError.withReason(
              status.NOT_FOUND,
              'MODEL_NOT_FOUND',
              `model "${call.request.name}" is not served here`,
            )
          : ApiError.invalidArgument([{ field: 'name', description: 'required' }]);
        callback(error.toServiceError());
        return;
      }
      callback(null, { model: toModel(entry) });
    },
  } as ModelsHandlers;
}
