// How `sieve tenants` shows a tenant of the Admin API: one JSON object in the tenants file's snake_case (so a flag
// `--texts-per-minute`, the JSON's `texts_per_minute` and the tenants file's `texts_per_minute` are one name), or
// aligned text for people. Pure: no I/O.

/** A limit of TenantLimits: its flag, its name in the tenants file and JSON, its field in the proto's JavaScript. */
export interface TenantLimitField {
  flag: string;
  name: string;
  field: string;
  description: string;
}

const limit = (name: string, description: string): TenantLimitField => ({
  flag: `--${name.replaceAll('_', '-')}`,
  name,
  field: name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
  description,
});

/** Every limit of sieve.v1.TenantLimits, in the proto's order. */
export const TENANT_LIMIT_FIELDS: readonly TenantLimitField[] = [
  limit('requests_per_second', 'calls per second'),
  limit('requests_per_minute', 'calls per minute'),
  limit('texts_per_minute', 'texts per minute'),
  limit('tokens_per_minute', "tokens per minute (the model's tokenizer, special tokens included)"),
  limit('max_concurrent_texts', 'texts accepted but not yet answered, interactive and batch together'),
  limit('texts_per_day', 'texts per UTC calendar day'),
  limit('max_texts_per_call', 'texts in one call'),
  limit('max_batch_texts', 'texts in one batch job'),
  limit('max_concurrent_batches', 'batch jobs running at once'),
];

type Timestamp = { seconds?: number | string; nanos?: number } | null | undefined;

/** sieve.v1.Tenant as @grpc/proto-loader decodes it. */
export interface TenantMessage {
  id: string;
  displayName: string;
  allowedModels: string[];
  limits?: Record<string, number | string | null | undefined> | null;
  weight: number;
  defaultPriority: string;
  disabled: boolean;
  disableResponseCache: boolean;
  createTime?: Timestamp;
  updateTime?: Timestamp;
}

export interface TenantView {
  id: string;
  display_name: string;
  /** Empty: every model. */
  allowed_models: string[];
  /** Only the limits that are set; an absent one means no limit of that kind. */
  limits: Record<string, number>;
  weight: number;
  default_priority: string;
  disabled: boolean;
  disable_response_cache: boolean;
  create_time: string | null;
  update_time: string | null;
}

const isoTime = (ts: Timestamp): string | null =>
  ts ? new Date(Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString() : null;

export function tenantView(message: TenantMessage): TenantView {
  const limits: Record<string, number> = {};
  for (const { name, field } of TENANT_LIMIT_FIELDS) {
    const value = message.limits?.[field];
    if (value !== undefined && value !== null) limits[name] = Number(value);
  }
  return {
    id: message.id,
    display_name: message.displayName,
    allowed_models: message.allowedModels,
    limits,
    weight: message.weight || 1,
    default_priority: message.defaultPriority.replace(/^PRIORITY_/, '').toLowerCase(),
    disabled: message.disabled,
    disable_response_cache: message.disableResponseCache,
    create_time: isoTime(message.createTime),
    update_time: isoTime(message.updateTime),
  };
}

const models = (view: TenantView) =>
  view.allowed_models.length > 0 ? view.allowed_models.join(',') : '(every model)';

/** `name  value` lines, every limit included ("none" where unset), for `tenants get/create/update`. */
export function describeTenant(view: TenantView): string {
  const rows: Array<[string, string]> = [
    ['id', view.id],
    ['display_name', view.display_name],
    ['allowed_models', models(view)],
    ['weight', String(view.weight)],
    ['default_priority', view.default_priority],
    ['disabled', String(view.disabled)],
    ['disable_response_cache', String(view.disable_response_cache)],
    ...TENANT_LIMIT_FIELDS.map(({ name }): [string, string] => [name, String(view.limits[name] ?? 'none')]),
    ['create_time', view.create_time ?? '-'],
    ['update_time', view.update_time ?? '-'],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
}

/** One row per tenant, columns aligned, for `tenants list`. */
export function tenantsTable(views: TenantView[]): string {
  const header = ['ID', 'WEIGHT', 'PRIORITY', 'DISABLED', 'MODELS', 'LIMITS'];
  const rows = views.map((view) => [
    view.id,
    String(view.weight),
    view.default_priority,
    view.disabled ? 'yes' : 'no',
    models(view),
    Object.entries(view.limits)
      .map(([name, value]) => `${name}=${value}`)
      .join(',') || '(none)',
  ]);
  return alignedColumns([header, ...rows]);
}

/** Pads every column but the last to its widest cell. */
export function alignedColumns(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows
    .map((row) =>
      row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '),
    )
    .join('\n');
}
