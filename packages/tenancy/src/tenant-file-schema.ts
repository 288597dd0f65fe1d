import { z } from 'zod';
import { parseDocument } from 'yaml';
import { ApiKeyHasher } from './api-key-hasher.ts';
import { TENANT_ID_PATTERN, TENANT_PRIORITIES, type ApiKeyRecord, type TenantSpec } from './tenant-spec.ts';
import { TenantFileError } from './tenancy-errors.ts';

/*
 * The tenants file, YAML or JSON (JSON is valid YAML 1.2, so one parser reads both), mounted e.g. from a Kubernetes
 * Secret. Field names are the proto's snake_case so that they match the Admin API and its docs:
 *
 *   tenants:
 *     - id: acme                       # ^[a-z0-9-]{1,63}$
 *       display_name: Acme Corp
 *       allowed_models: [sentiment]    # empty or absent: every model
 *       limits: { texts_per_minute: 1000, max_concurrent_texts: 200 }   # absent: no limit of that kind
 *       weight: 2                      # >= 1, default 1
 *       default_priority: normal       # high | normal | low
 *       disabled: false
 *       disable_response_cache: false
 *       api_keys:
 *         - hash: sha256:<64 hex>      # sha256 of the whole key string: printf %s "$KEY" | sha256sum
 *           id: 3kq7...                # optional: the id part of an sk-sieve-<id>-<secret> key (faster lookup)
 *           name: production           # optional
 *           expire_time: 2027-01-01T00:00:00Z   # optional
 *
 * Keys appear only as hashes; a plaintext key in the file is rejected. Unknown fields are errors (a typo such as
 * `text_per_minute` would otherwise silently mean "no limit").
 */

const limit = z
  .number()
  .int()
  .min(1, 'must be a whole number >= 1 (omit the field for no limit)')
  .max(Number.MAX_SAFE_INTEGER);

const limitsSchema = z.strictObject({
  requests_per_second: limit.optional(),
  requests_per_minute: limit.optional(),
  texts_per_minute: limit.optional(),
  tokens_per_minute: limit.optional(),
  max_concurrent_texts: limit.optional(),
  texts_per_day: limit.optional(),
  max_texts_per_call: limit.optional(),
  max_batch_texts: limit.optional(),
  max_concurrent_batches: limit.optional(),
});

const keySchema = z.strictObject({
  hash: z
    .string()
    .regex(
      ApiKeyHasher.PATTERN,
      'must be "sha256:" and 64 lowercase hex digits (the hash of the key, never the key)',
    ),
  id: z
    .string()
    .regex(/^[a-z0-9-]{1,63}$/, 'must be lowercase letters, digits and "-", 1 to 63 characters')
    .optional(),
  name: z.string().max(200).optional(),
  expire_time: z.iso
    .datetime({ offset: true, error: 'must be an RFC 3339 time such as 2027-01-01T00:00:00Z' })
    .optional(),
});

const tenantSchema = z.strictObject({
  id: z.string().regex(TENANT_ID_PATTERN, 'must be lowercase letters, digits and "-", 1 to 63 characters'),
  display_name: z.string().max(200).optional(),
  allowed_models: z.array(z.string().min(1)).optional(),
  limits: limitsSchema.optional(),
  weight: z.number().int().min(1).max(1_000_000).optional(),
  default_priority: z.enum(TENANT_PRIORITIES).optional(),
  disabled: z.boolean().optional(),
  disable_response_cache: z.boolean().optional(),
  api_keys: z.array(keySchema).optional(),
});

const fileSchema = z.strictObject({ tenants: z.array(tenantSchema) }).superRefine((file, ctx) => {
  const tenantIds = new Map<string, number>();
  const keyIds = new Map<string, string>();
  const hashes = new Map<string, string>();
  file.tenants.forEach((tenant, t) => {
    const first = tenantIds.get(tenant.id);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['tenants', t, 'id'],
        message: `duplicates tenants[${first}].id "${tenant.id}"`,
      });
    } else tenantIds.set(tenant.id, t);
    tenant.api_keys?.forEach((key, k) => {
      const here = `tenants[${t}].api_keys[${k}]`;
      const sameHash = hashes.get(key.hash);
      if (sameHash)
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', t, 'api_keys', k, 'hash'],
          message: `same key as ${sameHash}`,
        });
      else hashes.set(key.hash, here);
      if (key.id) {
        const sameId = keyIds.get(key.id);
        if (sameId)
          ctx.addIssue({
            code: 'custom',
            path: ['tenants', t, 'api_keys', k, 'id'],
            message: `same id as ${sameId}`,
          });
        else keyIds.set(key.id, here);
      }
    });
  });
});

/** `['tenants', 2, 'limits', 'texts_per_minute']` -> `tenants[2].limits.texts_per_minute`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += (out ? '.' : '') + String(part);
  }
  return out || '(file)';
}

export interface ParsedTenantFile {
  tenants: TenantSpec[];
  keys: ApiKeyRecord[];
}

/** Parses and validates the text of a tenants file; throws TenantFileError listing every problem by path. */
export function parseTenantFile(text: string, file: string): ParsedTenantFile {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new TenantFileError(
      file,
      document.errors.map((error) => `syntax: ${error.message.split('\n')[0] ?? ''}`),
    );
  }
  const result = fileSchema.safeParse(document.toJS());
  if (!result.success) {
    throw new TenantFileError(
      file,
      result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
    );
  }
  const tenants: TenantSpec[] = [];
  const keys: ApiKeyRecord[] = [];
  for (const raw of result.data.tenants) {
    const l = raw.limits ?? {};
    tenants.push({
      id: raw.id,
      displayName: raw.display_name ?? raw.id,
      allowedModels: raw.allowed_models ?? [],
      limits: {
        requestsPerSecond: l.requests_per_second,
        requestsPerMinute: l.requests_per_minute,
        textsPerMinute: l.texts_per_minute,
        tokensPerMinute: l.tokens_per_minute,
        maxConcurrentTexts: l.max_concurrent_texts,
        textsPerDay: l.texts_per_day,
        maxTextsPerCall: l.max_texts_per_call,
        maxBatchTexts: l.max_batch_texts,
        maxConcurrentBatches: l.max_concurrent_batches,
      },
      weight: raw.weight ?? 1,
      defaultPriority: raw.default_priority ?? 'normal',
      disabled: raw.disabled ?? false,
      disableResponseCache: raw.disable_response_cache ?? false,
    });
    for (const key of raw.api_keys ?? []) {
      keys.push({
        // A file key without an id is found by its hash; it still needs a stable public id for logs and usage.
        id: key.id ?? `file-${key.hash.slice(ApiKeyHasher.PREFIX.length, ApiKeyHasher.PREFIX.length + 12)}`,
        tenantId: raw.id,
        name: key.name ?? '',
        hash: key.hash,
        ...(key.expire_time ? { expireTime: new Date(key.expire_time) } : {}),
        revoked: false,
      });
    }
  }
  return { tenants, keys };
}
