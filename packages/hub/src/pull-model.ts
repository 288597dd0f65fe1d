import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { writeFloat16Model } from '@sieve/synth';
import { HubClient } from './hub-client.ts';
import { downloadHubFile } from './hub-file-download.ts';
import { HubResponseError } from './hub-response-error.ts';
import { DEFAULT_HUB_TIMEOUT_MS, hubSettingsFromEnv, normalizeEndpoint } from './hub-settings.ts';
import { ManifestError } from './manifest-error.ts';
import {
  DEFAULT_MODEL_NAME,
  MODEL_DTYPES,
  resolveModelSource,
  type CatalogFile,
  type ModelDtype,
  type ModelSource,
} from './model-catalog.ts';
import { sha256File } from './file-sha256.ts';
import { readModelConfigSummary } from './model-config-summary.ts';
import {
  MANIFEST_FILE,
  readManifest,
  writeManifest,
  type ManifestFile,
  type ModelManifest,
} from './model-manifest.ts';
import { STAGING_SUFFIX, findRecordedManifest, stagingDirFor, versionForCommit } from './model-store.ts';
import type { PullProgressEvent } from './pull-progress.ts';
import { UnpinnedCommitError } from './unpinned-commit-error.ts';
import { checkFile } from './verify-model-directory.ts';

export interface PullModelOptions {
  /** Catalog name or alias, or any `org/repo`; default the catalog's default model. */
  model?: string;
  /** A source to pull instead of resolving `model` (a catalog entry of one's own: its pin, its files). */
  source?: ModelSource;
  /** Take a commit other than the source's pinned one (`--allow-unpinned`); without it such a pull is refused. */
  allowUnpinned?: boolean;
  /** The store folder (and manifest name) to pull into, `<store>/<storeName>/<version>/`; default the catalog name. */
  storeName?: string;
  /** Which ONNX graphs to fetch; default fp32. */
  dtype?: ModelDtype | 'all';
  /** Model store; default $SIEVE_MODELS_DIR or ./models, relative to the working directory. */
  modelsDir?: string;
  /** Branch, tag or commit; default the commit a previous pull recorded, else the catalog's revision. */
  revision?: string;
  /** Default $HF_ENDPOINT or https://huggingface.co. */
  endpoint?: string;
  /** Default $HF_TOKEN; sent as a Bearer token to the hub only. */
  token?: string;
  /** Bound on connecting, on waiting for a response and on silence mid-download; default 15 s. */
  timeoutMs?: number;
  /** Further attempts per file after a broken connection or server error; default 3. */
  retries?: number;
  /** Delay before the first retry, doubled for each next one; default 1 s. */
  retryDelayMs?: number;
  onProgress?: (event: PullProgressEvent) => void;
}

export interface PulledModel {
  name: string;
  version: string;
  /** Absolute path of `<store>/<name>/<version>/`. */
  dir: string;
  manifest: ModelManifest;
  /** Files fetched by this pull (relative paths). */
  downloaded: string[];
  /** True when every file was already present and verified: nothing was fetched and nothing written. */
  upToDate: boolean;
}

const FULL_COMMIT = /^[0-9a-f]{40}$/i;

/**
 * Fetches a model into `<store>/<name>/<version>/` and verifies every file. The first pull records the commit
 * and each file's sha256; later pulls stay on that commit and refuse bytes that differ, unless a revision is
 * asked for. Files land in `<version>.partial/` first and reach the version directory only once verified, with
 * manifest.json written last, so a directory with a manifest is always complete.
 */
export async function pullModel(options: PullModelOptions = {}): Promise<PulledModel> {
  const settings = hubSettingsFromEnv();
  const source = options.source ?? resolveModelSource(options.model ?? DEFAULT_MODEL_NAME);
  const pin = source.pinnedCommit === null ? null : source.pinnedCommit.toLowerCase();
  const storeDir = resolve(options.modelsDir ?? settings.modelsDir);
  const name = options.storeName ?? source.name;
  const modelRoot = join(storeDir, name);
  const client = new HubClient({
    endpoint: normalizeEndpoint(options.endpoint ?? settings.endpoint),
    token: options.token ?? settings.token,
    timeoutMs: options.timeoutMs ?? DEFAULT_HUB_TIMEOUT_MS,
  });
  const onProgress = options.onProgress;
  const configPath = source.files.find((file) => file.path === 'config.json')?.path ?? 'config.json';

  // Which commit: an explicit revision, else the one an earlier pull recorded, else what the catalog names.
  let commit: string;
  let requestedRevision: string;
  let pinned = false;
  if (options.revision !== undefined) {
    requestedRevision = options.revision;
    commit = FULL_COMMIT.test(options.revision)
      ? options.revision.toLowerCase()
      : await client.resolveCommit(source.repo, options.revision, configPath);
  } else {
    const recorded = await findRecordedManifest(modelRoot, source.repo);
    if (recorded) {
      commit = recorded.manifest.source.revision;
      requestedRevision = recorded.manifest.source.requestedRevision;
      pinned = true;
    } else if (pin !== null) {
      // A pinned source is fetched at its commit, never at whatever the branch points to today.
      requestedRevision = pin;
      commit = pin;
    } else {
      requestedRevision = source.revision;
      commit = await client.resolveCommit(source.repo, source.revision, configPath);
    }
  }
  if (pin !== null && commit !== pin && !options.allowUnpinned) {
    throw new UnpinnedCommitError(source.repo, pin, commit, requestedRevision);
  }
  if (!FULL_COMMIT.test(commit)) {
    throw new ManifestError(
      join(modelRoot, MANIFEST_FILE),
      `the commit ${JSON.stringify(commit)} is not a full id`,
    );
  }

  const version = versionForCommit(commit);
  const versionDir = join(modelRoot, version);
  const stagingDir = stagingDirFor(versionDir);
  const manifestPath = join(versionDir, MANIFEST_FILE);
  onProgress?.({
    type: 'resolved',
    repo: source.repo,
    revision: requestedRevision,
    commit,
    dir: versionDir,
    pinned,
  });

  const existing = await readExistingManifest(versionDir);
  if (existing && existing.source.repo !== source.repo) {
    throw new ManifestError(manifestPath, `records ${existing.source.repo}, not ${source.repo}`);
  }

  // An earlier pull's files stay part of the model: re-pulling with another dtype must not drop the pin on them.
  const dtypes = new Set<ModelDtype>(existing?.dtypes ?? []);
  if (options.dtype === 'all') MODEL_DTYPES.forEach((dtype) => dtypes.add(dtype));
  else if (options.dtype !== undefined) dtypes.add(options.dtype);
  else if (dtypes.size === 0) dtypes.add('fp32');
  const wanted = new Map<string, CatalogFile>();
  for (const file of source.files) wanted.set(file.path, file);
  for (const dtype of MODEL_DTYPES)
    if (dtypes.has(dtype)) wanted.set(source.onnx[dtype].path, source.onnx[dtype]);
  for (const path of Object.keys(existing?.files ?? {}))
    if (!wanted.has(path)) wanted.set(path, { path, required: true });
  // The graphs of dtypes this pull adds were never looked for, so their absence from the manifest says nothing.
  const addedGraphs = new Set(
    MODEL_DTYPES.filter((dtype) => dtypes.has(dtype) && !existing?.dtypes.includes(dtype)).map(
      (dtype) => source.onnx[dtype].path,
    ),
  );

  const verified: Record<string, ManifestFile> = {};
  const toFetch: CatalogFile[] = [];
  for (const file of wanted.values()) {
    const recorded = existing?.files[file.path];
    // Absent from the repository at this commit when it was first pulled, and a commit never changes.
    if (existing && !recorded && !file.required && !addedGraphs.has(file.path)) continue;
    if (recorded && !(await checkFile(join(versionDir, file.path), file.path, recorded))) {
      verified[file.path] = recorded;
      onProgress?.({
        type: 'file-done',
        path: file.path,
        size: recorded.size,
        sha256: recorded.sha256,
        outcome: 'verified',
      });
    } else {
      toFetch.push(file);
    }
  }
  if (existing && toFetch.length === 0) {
    return {
      name,
      version,
      dir: versionDir,
      manifest: existing,
      downloaded: [],
      upToDate: true,
    };
  }

  await removeStaleStaging(modelRoot, stagingDir);
  await mkdir(stagingDir, { recursive: true });
  // config.json first: a model sieve cannot serve fails before hundreds of MB are fetched.
  toFetch.sort((a, b) => Number(b.path === configPath) - Number(a.path === configPath));
  const fetched: string[] = [];
  const fp16Graph = source.onnx.fp16.path;
  let fp16Missing = false;
  const fetch = async (file: CatalogFile): Promise<void> => {
    let result;
    try {
      result = await downloadHubFile({
        client,
        location: { repo: source.repo, revision: commit, path: file.path },
        destination: join(stagingDir, file.path),
        recorded: existing?.files[file.path],
        manifestPath,
        retries: options.retries ?? 3,
        retryDelayMs: options.retryDelayMs ?? 1000,
        onProgress,
      });
    } catch (error) {
      if (!file.required && error instanceof HubResponseError && error.status === 404) {
        const converting = file.path === fp16Graph && dtypes.has('fp16');
        if (converting) fp16Missing = true;
        const reason = converting
          ? 'not in the repository; converting the fp32 graph'
          : 'not in the repository';
        onProgress?.({ type: 'file-skipped', path: file.path, reason });
        return;
      }
      throw error;
    }
    verified[file.path] = { sha256: result.sha256, size: result.size };
    fetched.push(file.path);
    onProgress?.({
      type: 'file-done',
      path: file.path,
      size: result.size,
      sha256: result.sha256,
      outcome: 'downloaded',
    });
    if (file.path === configPath) await readModelConfigSummary(join(stagingDir, file.path), file.path);
  };
  for (const file of toFetch) await fetch(file);
  if (fp16Missing) {
    // The repository has no fp16 export: made here from the fp32 graph, fetched for it if this pull did not.
    const fp32 = source.onnx.fp32;
    if (!verified[fp32.path]) await fetch(fp32);
    const from = fetched.includes(fp32.path) ? join(stagingDir, fp32.path) : join(versionDir, fp32.path);
    await mkdir(dirname(join(stagingDir, fp16Graph)), { recursive: true });
    for (const written of await writeFloat16Model(from, join(stagingDir, fp16Graph))) {
      const path = relative(stagingDir, written).split(sep).join('/');
      const file = { sha256: await sha256File(written), size: (await stat(written)).size };
      verified[path] = file;
      fetched.push(path);
      onProgress?.({ type: 'file-done', path, ...file, outcome: 'converted' });
    }
  }

  const configOnDisk = fetched.includes(configPath)
    ? join(stagingDir, configPath)
    : join(versionDir, configPath);
  const summary = await readModelConfigSummary(configOnDisk, configPath);
  const manifest: ModelManifest = {
    manifestVersion: 1,
    name,
    version,
    source: { repo: source.repo, revision: commit, requestedRevision },
    files: Object.fromEntries(Object.entries(verified).sort(([a], [b]) => (a < b ? -1 : 1))),
    dtypes: MODEL_DTYPES.filter((dtype) => verified[source.onnx[dtype].path] !== undefined),
    labels: summary.labels,
    maxLength: summary.maxLength,
    pulledAt: new Date().toISOString(),
  };

  if (existing) {
    // The old manifest stays valid while files are replaced one by one: each new file matches its record.
    for (const path of fetched) {
      await mkdir(dirname(join(versionDir, path)), { recursive: true });
      await rename(join(stagingDir, path), join(versionDir, path));
    }
    await writeManifest(versionDir, manifest);
    await rm(stagingDir, { recursive: true, force: true });
  } else {
    await writeFile(join(stagingDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(versionDir, { recursive: true, force: true });
    await rename(stagingDir, versionDir);
  }
  return { name, version, dir: versionDir, manifest, downloaded: fetched, upToDate: false };
}

/**
 * The version directory's manifest, or undefined when the directory does not exist. A directory without one was
 * not made by a completed pull; it is left alone rather than overwritten.
 */
async function readExistingManifest(versionDir: string): Promise<ModelManifest | undefined> {
  const stats = await stat(versionDir).catch(() => undefined);
  if (!stats) return undefined;
  if (!stats.isDirectory()) throw new ManifestError(versionDir, 'exists and is not a directory');
  const entries = await readdir(versionDir);
  if (entries.length === 0) return undefined;
  return readManifest(versionDir);
}

/** Half-finished pulls of other versions of this model are superseded; they would only hold disk space. */
async function removeStaleStaging(modelRoot: string, keep: string): Promise<void> {
  const entries = await readdir(modelRoot).catch(() => [] as string[]);
  for (const entry of entries) {
    const path = join(modelRoot, entry);
    if (entry.endsWith(STAGING_SUFFIX) && path !== keep) await rm(path, { recursive: true, force: true });
  }
}
