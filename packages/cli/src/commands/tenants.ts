import { Command, Option } from 'commander';
import { withAdminClient, withAdminConnection, type AdminConnectionOptions } from '../admin-client.ts';
import { CliError } from '../cli-error.ts';
import { ExitCode } from '../exit-codes.ts';
import {
  describeTenant,
  TENANT_LIMIT_FIELDS,
  tenantsTable,
  tenantView,
  type TenantMessage,
} from '../tenant-view.ts';
import { checkedTenantId } from '../tenant-id.ts';

/** What `tenants create` and `tenants update` read from their flags; undefined: not given. */
interface TenantFlags extends AdminConnectionOptions {
  displayName?: string;
  models?: string[];
  allModels?: boolean;
  weight?: number;
  defaultPriority?: 'high' | 'normal' | 'low';
  disabled?: boolean;
  disableResponseCache?: boolean;
  json: boolean;
  /** A limit flag's value: a number, or null for `none` (no limit). */
  [limit: string]: unknown;
}

/** A whole number >= 1, or (where `none` is allowed) null; anything else is a usage error naming the flag. */
function limitParser(flag: string, noneAllowed: boolean) {
  return (value: string): number | null => {
    if (noneAllowed && value === 'none') return null;
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
      throw new CliError(
        `${flag}: expected a whole number >= 1${noneAllowed ? ' or "none" (no limit)' : ''}, got "${value}"`,
        ExitCode.usage,
      );
    }
    return n;
  };
}

function weightParser(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 1_000_000)
    throw new CliError(`--weight: expected a whole number from 1 to 1000000, got "${value}"`, ExitCode.usage);
  return n;
}

function modelsParser(value: string): string[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0)
    throw new CliError(`--models: expected model names separated by commas, got "${value}"`, ExitCode.usage);
  return names;
}

/** The flags that set a tenant's fields; `update` also takes `none` for a limit and --all-models. */
function withTenantFlags(command: Command, forUpdate: boolean): Command {
  // On update an absent flag leaves the field as it is, so defaults are shown for create only.
  const byDefault = (text: string) => (forUpdate ? '' : ` (default: ${text})`);
  command
    .option('--display-name <name>', `name shown to people${byDefault('the id')}`)
    .option(
      '--models <names>',
      `model names (without version) the tenant may call, separated by commas${byDefault('every model')}`,
      modelsParser,
    );
  if (forUpdate)
    command.addOption(
      new Option('--all-models', 'allow every model again (drops the --models list)').conflicts('models'),
    );
  command
    .option(
      '--weight <n>',
      `share of capacity relative to other tenants of its priority${byDefault('1')}`,
      weightParser,
    )
    .addOption(
      new Option(
        '--default-priority <class>',
        `priority of calls that leave it unspecified${byDefault('normal')}`,
      ).choices(['high', 'normal', 'low']),
    )
    .option('--disabled', "refuse the tenant's keys (PERMISSION_DENIED)");
  if (forUpdate) command.option('--no-disabled', 'serve the tenant again');
  command.option('--disable-response-cache', 'never answer this tenant from the shared response cache');
  if (forUpdate) command.option('--no-disable-response-cache', 'use the shared response cache again');
  for (const { flag, description } of TENANT_LIMIT_FIELDS) {
    command.option(
      `${flag} <n>`,
      forUpdate ? `${description}; "none" removes the limit` : `${description}${byDefault('no limit')}`,
      limitParser(flag, forUpdate),
    );
  }
  return command.option('--json', 'print the tenant as one JSON object', false);
}

/**
 * The Tenant message and FieldMask paths for the flags that were given: only those fields change on update (a limit
 * set to `none` is in the mask and absent from the message, which removes it).
 */
function tenantRequest(id: string, flags: TenantFlags): { tenant: object; paths: string[] } {
  const tenant: Record<string, unknown> = { id };
  const paths: string[] = [];
  const set = (path: string, field: string, value: unknown) => {
    tenant[field] = value;
    paths.push(path);
  };
  if (flags.displayName !== undefined) set('display_name', 'displayName', flags.displayName);
  if (flags.models !== undefined) set('allowed_models', 'allowedModels', flags.models);
  if (flags.allModels) set('allowed_models', 'allowedModels', []);
  if (flags.weight !== undefined) set('weight', 'weight', flags.weight);
  if (flags.defaultPriority !== undefined)
    set('default_priority', 'defaultPriority', `PRIORITY_${flags.defaultPriority.toUpperCase()}`);
  if (flags.disabled !== undefined) set('disabled', 'disabled', flags.disabled);
  if (flags.disableResponseCache !== undefined)
    set('disable_response_cache', 'disableResponseCache', flags.disableResponseCache);
  const limits: Record<string, number> = {};
  for (const { name, field } of TENANT_LIMIT_FIELDS) {
    const value = flags[field];
    if (value === undefined) continue;
    if (typeof value === 'number') limits[field] = value;
    paths.push(`limits.${name}`);
  }
  tenant.limits = limits;
  return { tenant, paths };
}

function printTenant(message: TenantMessage, json: boolean): void {
  const view = tenantView(message);
  console.log(json ? JSON.stringify(view) : describeTenant(view));
}

export function tenantsCommand(): Command {
  const tenants = new Command('tenants').description(
    'tenants over the Admin API: create, list, get, update limits, delete (keys: `sieve keys`)',
  );

  tenants.addCommand(
    withAdminConnection(withTenantFlags(new Command('create'), false))
      .description('create a tenant with its limits; prints it (an unset limit means no limit of that kind)')
      .argument('<id>', 'tenant id: lowercase letters, digits and "-", 1 to 63 characters')
      .action(async (id: string, flags: TenantFlags) => {
        const { tenant } = tenantRequest(checkedTenantId(id), flags);
        // The Admin API keeps an empty display name as given; the tenants file's default is the id.
        const created = await withAdminClient(flags, (client) =>
          client.call<{ tenant: TenantMessage }>('CreateTenant', {
            tenant: { displayName: id, ...tenant },
          }),
        );
        printTenant(created.tenant, flags.json);
        console.error(
          `sieve: created tenant ${id}; issue it a key with \`sieve keys create --tenant ${id}\``,
        );
      }),
  );

  tenants.addCommand(
    withAdminConnection(new Command('list'))
      .description('every tenant, one per line (--json: one JSON object per line)')
      .option('--json', 'one JSON object per tenant', false)
      .action(async (options: AdminConnectionOptions & { json: boolean }) => {
        // ListTenants answers a page at a time; the command lists them all.
        const tenants = await withAdminClient(options, async (client) => {
          const all: TenantMessage[] = [];
          let pageToken = '';
          do {
            const page = await client.call<{ tenants: TenantMessage[]; nextPageToken: string }>(
              'ListTenants',
              { pageSize: 1000, pageToken },
            );
            all.push(...page.tenants);
            pageToken = page.nextPageToken;
          } while (pageToken);
          return all;
        });
        const views = tenants.map(tenantView);
        if (options.json) {
          for (const view of views) console.log(JSON.stringify(view));
          return;
        }
        if (views.length === 0) {
          console.error('sieve: no tenants (create one with `sieve tenants create ID`)');
          return;
        }
        console.log(tenantsTable(views));
      }),
  );

  tenants.addCommand(
    withAdminConnection(new Command('get'))
      .description("a tenant's settings and every limit")
      .argument('<id>', 'tenant id')
      .option('--json', 'print the tenant as one JSON object', false)
      .action(async (id: string, options: AdminConnectionOptions & { json: boolean }) => {
        const response = await withAdminClient(options, (client) =>
          client.call<{ tenant: TenantMessage }>('GetTenant', { id: checkedTenantId(id) }),
        );
        printTenant(response.tenant, options.json);
      }),
  );

  tenants.addCommand(
    withAdminConnection(withTenantFlags(new Command('update'), true))
      .description('change the fields given, keep the rest; prints the tenant')
      .argument('<id>', 'tenant id')
      .action(async (id: string, flags: TenantFlags) => {
        const { tenant, paths } = tenantRequest(checkedTenantId(id), flags);
        if (paths.length === 0)
          throw new CliError(
            'tenants update: nothing to change (give a flag, e.g. --texts-per-minute 6000)',
            ExitCode.usage,
          );
        const updated = await withAdminClient(flags, (client) =>
          client.call<{ tenant: TenantMessage }>('UpdateTenant', { tenant, updateMask: { paths } }),
        );
        printTenant(updated.tenant, flags.json);
      }),
  );

  tenants.addCommand(
    withAdminConnection(new Command('delete'))
      .description('delete a tenant: revokes its keys and deletes all of its data (batches, heads, usage)')
      .argument('<id>', 'tenant id')
      .action(async (id: string, options: AdminConnectionOptions) => {
        await withAdminClient(options, (client) => client.call('DeleteTenant', { id: checkedTenantId(id) }));
        console.error(`sieve: deleted tenant ${id}, its keys and its data`);
      }),
  );

  return tenants;
}
