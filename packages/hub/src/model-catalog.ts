import { UnknownModelError } from './unknown-model-error.ts';

/** fp32 and int8 (dynamically quantised) for CPUs; fp16 for GPUs, where int8 is neither fast nor exact. */
export type ModelDtype = 'fp32' | 'int8' | 'fp16';

export const MODEL_DTYPES: readonly ModelDtype[] = ['fp32', 'int8', 'fp16'];

/** A file of the Hugging Face ONNX export layout. Optional files may be absent from a repository. */
export interface CatalogFile {
  path: string;
  required: boolean;
}

/** Where a model comes from and which of its files sieve needs. */
export interface ModelSource {
  /** The store's folder name: `<store>/<name>/<version>/`. */
  name: string;
  /** Hugging Face repository id holding the ONNX export. */
  repo: string;
  /** Branch, tag or commit to resolve when nothing has been pulled yet and no commit is pinned. */
  revision: string;
  /**
   * The exact 40-hex commit sieve vouches for, or null where none has been verified yet. Required so that every
   * entry says which: with a pin, `pullModel` fetches that commit and refuses any other unless `allowUnpinned`;
   * with null, the first pull records what the hub reports (trust on first use) and says so.
   */
  pinnedCommit: string | null;
  /** Where the pin comes from, or why there is none: shown when a pull is refused or unpinned. */
  pinNote: string;
  /** Tokenizer and config files, fetched whatever the dtype. */
  files: readonly CatalogFile[];
  onnx: Readonly<Record<ModelDtype, CatalogFile>>;
  /** Approximate ONNX sizes, to say what a pull will cost before it starts. */
  approxOnnxBytes?: Readonly<Partial<Record<ModelDtype, number>>>;
  aliases: readonly string[];
  description?: string;
}

const EXPORT_LAYOUT_FILES: readonly CatalogFile[] = [
  { path: 'config.json', required: true },
  { path: 'tokenizer.json', required: true },
  { path: 'tokenizer_config.json', required: true },
  { path: 'special_tokens_map.json', required: true },
];

const EXPORT_LAYOUT_ONNX: Readonly<Record<ModelDtype, CatalogFile>> = {
  fp32: { path: 'onnx/model.onnx', required: true },
  int8: { path: 'onnx/model_quantized.onnx', required: true },
  // Optional: transformers.js-style exports ship one, older ones do not; pullModel then converts the fp32 graph.
  fp16: { path: 'onnx/model_fp16.onnx', required: false },
};

export const DEFAULT_MODEL_NAME = 'distilbert-multilingual-sentiment';

/**
 * Models sieve knows by name. The default model has no pinned commit yet: the hub could not be reached when this
 * was written, and the stored copies of its pages give only an abbreviated id (see its pinNote). Never put a guessed
 * id here: fill `pinnedCommit` with the commit of the first pull that `sieve models check-reference` passed on
 * (its manifest's `source.revision`). Until then the first pull records the commit the hub reports and every
 * file's sha256, and later pulls stay on that commit, so the branch moving never changes what a store serves.
 */
export const MODEL_CATALOG: readonly ModelSource[] = [
  {
    name: DEFAULT_MODEL_NAME,
    repo: 'Xenova/distilbert-base-multilingual-cased-sentiments-student',
    revision: 'main',
    pinnedCommit: null,
    pinNote:
      'no commit verified yet: the ONNX export of lxyuan/distilbert-base-multilingual-cased-sentiments-student; a ' +
      'stored copy of its hub page shows onnx/ at commit 80773e3 (abbreviated, not checked); pin the full id of the ' +
      'first pull that `sieve models check-reference` passes on',
    files: EXPORT_LAYOUT_FILES,
    onnx: EXPORT_LAYOUT_ONNX,
    approxOnnxBytes: { fp32: 541e6, int8: 136e6, fp16: 271e6 },
    aliases: ['lxyuan/distilbert-base-multilingual-cased-sentiments-student'],
    description: 'DistilBERT multilingual sentiment (positive / neutral / negative), ONNX export',
  },
];

const REPO_ID = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;

/** The catalog entry for a name or alias, or undefined. */
export function findCatalogModel(nameOrAlias: string): ModelSource | undefined {
  return MODEL_CATALOG.find((model) => model.name === nameOrAlias || model.aliases.includes(nameOrAlias));
}

/**
 * A catalog model, or any `org/repo` in the Hugging Face export layout. Repositories outside the catalog may lack
 * the optional tokenizer files, so only config.json, tokenizer.json and the ONNX graph are required of them.
 */
export function resolveModelSource(model: string): ModelSource {
  const known = findCatalogModel(model) ?? MODEL_CATALOG.find((entry) => entry.repo === model);
  if (known) return known;
  if (!REPO_ID.test(model) || model.includes('..')) {
    throw new UnknownModelError(
      model,
      MODEL_CATALOG.map((entry) => entry.name),
    );
  }
  return {
    name: model.replace('/', '--'),
    repo: model,
    revision: 'main',
    pinnedCommit: null,
    pinNote: 'outside the catalog: pinned by the first pull',
    files: EXPORT_LAYOUT_FILES.map((file) => ({
      path: file.path,
      required: file.path === 'config.json' || file.path === 'tokenizer.json',
    })),
    onnx: EXPORT_LAYOUT_ONNX,
    aliases: [],
  };
}
