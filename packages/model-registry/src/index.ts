// @sieve/model-registry — which models and versions the cluster serves: the models file (YAML/JSON, watched), each
// model's default version and the worker pools that load it.
export { ModelsFile, type ModelEntry } from './models-file.ts';
export { ModelsFileError } from './models-file-error.ts';
export { watchModelsFile } from './models-file-watcher.ts';
