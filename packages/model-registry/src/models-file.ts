import { isAbsolute, join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ModelsFileError } from './models-file-error.ts';

/*
 * The models file, YAML or JSON, mounted e.g. from a Kubernetes ConfigMap into gateways and workers alike:
 *
 *   models:
 *     - name: sentiment                # what clients ask for: "sentiment" or "sentiment@2"
 *       version: "2"
 *       path: sentiment/2              # a model directory; relative paths are under SIEVE_MODEL_STORE
 *       dtype: fp32                    # fp32 | int8 (CPU, static) | int8-dynamic | fp16 (GPU)
 *       default: true                  # the version "sentiment" means (else: the highest version served)
 *       pools: [gpu]                   # worker pools that load it (absent: every pool)
 *
 * Adding an entry makes the workers of its pools load it; removing it retires it (workers drain and unload it);
 * moving `default` switches what the bare name means. No restart either way.
 */

const NAME = /^[A-Za-z0-9._/-]{1,128}$/;
const VERSION = /^[A-Za-z0-9._-]{1,64}$/;

const entrySchema = z.strictObject({
  name: z.string().regex(NAME, 'letters, digits, . _ / - only (1-128)'),
  version: z
    .union([z.string(), z.number()])
    .transform(String)
    .pipe(z.string().regex(VERSION, 'letters, digits, . _ - only (1-64)')),
  path: z.string().min(1, 'required: the model directory'),
  dtype: z.enum(['fp32', 'int8', 'int8-dynamic', 'fp16']).default('fp32'),
  default: z.boolean().default(false),
  pools: z.array(z.string().regex(/^[a-z0-9-]{1,63}$/, 'lowercase letters, digits, - only')).optional(),
});

const fileSchema = z.strictObject({ models: z.array(entrySchema).default([]) }).superRefine((file, ctx) => {
  const refs = new Map<string, number>();
  const defaults = new Map<string, number>();
  file.models.forEach((model, i) => {
    const ref = `${model.name}@${model.version}`;
    const same = refs.get(ref);
    if (same !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['models', i, 'version'],
        message: `${ref} is already models[${same}]`,
      });
    else refs.set(ref, i);
    if (model.default) {
      const other = defaults.get(model.name);
      if (other !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['models', i, 'default'],
          message: `models[${other}] is already the default of "${model.name}"`,
        });
      else defaults.set(model.name, i);
    }
  });
});

/** One configured model version. */
export interface ModelEntry {
  name: string;
  version: string;
  /** "name@version". */
  ref: string;
  /** Absolute model directory. */
  path: string;
  dtype: 'fp32' | 'int8' | 'int8-dynamic' | 'fp16';
  isDefault: boolean;
  /** Empty: every pool. */
  pools: string[];
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : (out ? '.' : '') + String(part);
  return out || '(file)';
}

/** The parsed models file: what to serve, where, and which version a bare name means. */
export class ModelsFile {
  private constructor(readonly entries: readonly ModelEntry[]) {}

  /** Throws ModelsFileError listing every problem by path. `store` resolves relative paths. */
  static parse(text: string, file: string, store: string): ModelsFile {
    const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (document.errors.length > 0) {
      throw new ModelsFileError(
        file,
        document.errors.map((e) => `syntax: ${e.message.split('\n')[0] ?? ''}`),
      );
    }
    const result = fileSchema.safeParse(document.toJS() ?? {});
    if (!result.success) {
      throw new ModelsFileError(
        file,
        result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
      );
    }
    return new ModelsFile(
      result.data.models.map((model) => ({
        name: model.name,
        version: model.version,
        ref: `${model.name}@${model.version}`,
        path: isAbsolute(model.path) ? model.path : join(store, model.path),
        dtype: model.dtype,
        isDefault: model.default,
        pools: model.pools ?? [],
      })),
    );
  }

  /** One model served from a directory, as `SIEVE_MODEL_DIR` configures it (no file). */
  static single(entry: Omit<ModelEntry, 'ref' | 'pools' | 'isDefault'>): ModelsFile {
    return new ModelsFile([{ ...entry, ref: `${entry.name}@${entry.version}`, isDefault: true, pools: [] }]);
  }

  /** The models a worker of `pool` loads. */
  assignedTo(pool: string): ModelEntry[] {
    return this.entries.filter((entry) => entry.pools.length === 0 || entry.pools.includes(pool));
  }

  /** The version a bare name means, when the file says so. */
  defaultVersion(name: string): string | undefined {
    return this.entries.find((entry) => entry.name === name && entry.isDefault)?.version;
  }

  find(ref: string): ModelEntry | undefined {
    return this.entries.find((entry) => entry.ref === ref);
  }
}
