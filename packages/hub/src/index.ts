// @sieve/hub — pulls models from the Hugging Face Hub into a pinned, verified model store. Knows nothing of
// ONNX Runtime, so the runtime and workers can depend on it to check a directory before serving it.
export { pullModel, type PullModelOptions, type PulledModel } from './pull-model.ts';
export { STAGING_SUFFIX } from './model-store.ts';
export type { PullProgressEvent } from './pull-progress.ts';
export {
  DEFAULT_MODEL_NAME,
  MODEL_CATALOG,
  MODEL_DTYPES,
  findCatalogModel,
  resolveModelSource,
  type CatalogFile,
  type ModelDtype,
  type ModelSource,
} from './model-catalog.ts';
export { recordModelDirectory, type RecordModelDirectoryOptions } from './record-model-directory.ts';
export { sha256File } from './file-sha256.ts';
export {
  MANIFEST_FILE,
  readManifest,
  writeManifest,
  type ManifestFile,
  type ModelManifest,
} from './model-manifest.ts';
export {
  assertModelDirectoryVerified,
  verifyModelDirectory,
  type ModelDirectoryVerification,
} from './verify-model-directory.ts';
export type { FileMismatch } from './file-mismatch.ts';
export {
  DEFAULT_HUB_ENDPOINT,
  DEFAULT_HUB_TIMEOUT_MS,
  DEFAULT_MODELS_DIR,
  hubSettingsFromEnv,
} from './hub-settings.ts';
export { HubError } from './hub-error.ts';
export { HubUnreachableError } from './hub-unreachable-error.ts';
export { HubResponseError } from './hub-response-error.ts';
export { FileIntegrityError, type IntegrityReference } from './file-integrity-error.ts';
export { DownloadInterruptedError } from './download-interrupted-error.ts';
export { ManifestError } from './manifest-error.ts';
export { ModelConfigError } from './model-config-error.ts';
export { ModelVerificationError } from './model-verification-error.ts';
export { UnknownModelError } from './unknown-model-error.ts';
export { UnpinnedCommitError } from './unpinned-commit-error.ts';
