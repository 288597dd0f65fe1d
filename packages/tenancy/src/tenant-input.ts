import { z } from 'zod';
import { TENANT_ID_PATTERN, TENANT_PRIORITIES, type TenantLimits, type TenantSpec } from './tenant-spec.ts';
import { InvalidTenantError } from './tenancy-errors.ts';

/** A tenant as given to the Admin API: everything but the id is optional and defaults like the tenants file. */
export interface TenantInput {
  id: string;
  displayName?: string;
  allowedModels?: string[];
  limits?: TenantLimits;
  weight?: number;
  defaultPriority?: TenantSpec['defaultPriority'];
  disabled?: boolean;
  disableResponseCache?: boolean;
}

const limit = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional();

// The same rules as the tenants file (tenant-file-schema.ts), in the camelCase of the TypeScript API.
const inputSchema = z.strictObject({
  id: z.string().regex(TENANT_ID_PATTERN, 'must be lowercase letters, digits and "-", 1 to 63 characters'),
  displayName: z.string().max(200).optional(),
  allowedModels: z.array(z.string().min(1)).optional(),
  limits: z
    .strictObject({
      requestsPerSecond: limit,
      requestsPerMinute: limit,
      textsPerMinute: limit,
      tokensPerMinute: limit,
      maxConcurrentTexts: limit,
      textsPerDay: limit,
      maxTextsPerCall: limit,
      maxBatchTexts: limit,
      maxConcurrentBatches: limit,
    })
    .optional(),
  weight: z.number().int().min(1).max(1_000_000).optional(),
  defaultPriority: z.enum(TENANT_PRIORITIES).optional(),
  disabled: z.boolean().optional(),
  disableResponseCache: z.boolean().optional(),
});

/** Validates input and fills defaults; throws InvalidTenantError naming each field (`limits.textsPerMinute: ...`). */
export function tenantFromInput(input: TenantInput): TenantSpec {
  const result = inputSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidTenantError(
      result.error.issues.map(
        (issue) => `${issue.path.map(String).join('.') || '(tenant)'}: ${issue.message}`,
      ),
    );
  }
  const value = result.data;
  const limits: TenantLimits = {};
  for (const [name, max] of Object.entries(value.limits ?? {})) {
    if (max !== undefined) limits[name as keyof TenantLimits] = max;
  }
  return {
    id: value.id,
    displayName: value.displayName ?? value.id,
    allowedModels: value.allowedModels ?? [],
    limits,
    weight: value.weight ?? 1,
    defaultPriority: value.defaultPriority ?? 'normal',
    disabled: value.disabled ?? false,
    disableResponseCache: value.disableResponseCache ?? false,
  };
}
