import { WatchedFile } from '@sieve/config';
import { ModelsFile } from './models-file.ts';
import { ModelsFileError } from './models-file-error.ts';

/** The models file kept loaded and reloaded on change (a ConfigMap's symlink swap included); see WatchedFile. */
export async function watchModelsFile(options: {
  file: string;
  /** Root of relative model paths. */
  store: string;
  onChange?: (models: ModelsFile) => void;
  onError?: (error: ModelsFileError) => void;
}): Promise<WatchedFile<ModelsFile, ModelsFileError>> {
  return WatchedFile.open<ModelsFile, ModelsFileError>({
    file: options.file,
    parse: (text, file) => ModelsFile.parse(text, file, options.store),
    toError: (file, problem) =>
      problem instanceof ModelsFileError
        ? problem
        : new ModelsFileError(file, [problem instanceof Error ? problem.message : String(problem)]),
    ...(options.onChange ? { onChange: options.onChange } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
