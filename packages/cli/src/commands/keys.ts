import { Command } from 'commander';
import { ApiKeyFormat, ApiKeyHasher } from '@sieve/tenancy';
import { withAdminClient, withAdminConnection, type AdminConnectionOptions } from '../admin-client.ts';
import { CliError } from '../cli-error.ts';
import { ExitCode } from '../exit-codes.ts';
import { checkedTenantId } from '../tenant-id.ts';
import { alignedColumns } from '../tenant-view.ts';

type Timestamp = { seconds?: number | string; nanos?: number } | null | undefined;

/** sieve.v1.ApiKey as @grpc/proto-loader decodes it (never the secret). */
interface ApiKeyMessage {
  id: string;
  tenantId: string;
  name: string;
  createTime?: Timestamp;
  expireTime?: Timestamp;
  revoked: boolean;
  lastUsedTime?: Timestamp;
}

interface KeyOptions extends AdminConnectionOptions {
  tenant: string;
  json: boolean;
}

const isoTime = (ts: Timestamp): string | null =>
  ts ? new Date(Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString() : null;

/** A key's public record as `keys list --json` prints it, in the tenants file's snake_case. */
const keyView = (key: ApiKeyMessage) => ({
  id: key.id,
  tenant: key.tenantId,
  name: key.name,
  create_time: isoTime(key.createTime),
  expire_time: isoTime(key.expireTime),
  revoked: key.revoked,
  last_used_time: isoTime(key.lastUsedTime),
});

const DURATION_UNITS_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "90s", "15m", "24h", "30d" as a google.protobuf.Duration; anything else is a usage error naming the flag. */
function durationParser(flag: string) {
  return (value: string): { seconds: number } => {
    const match = /^(\d+)([smhd])$/.exec(value);
    const ms = match ? Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS] : 0;
    if (!match || ms < 1000 || !Number.isSafeInteger(ms))
      throw new CliError(
        `${flag}: expected a duration such as 90s, 15m, 24h or 30d, got "${value}"`,
        ExitCode.usage,
      );
    return { seconds: ms / 1000 };
  };
}

/** The public id of a key (what `keys list` shows), never the key itself, which would land in shell history. */
function checkedKeyId(id: string): string {
  if (id.startsWith(ApiKeyFormat.PREFIX))
    throw new CliError(
      `KEY_ID: that is a whole key; give its id (the 16 characters after "${ApiKeyFormat.PREFIX}", as \`sieve keys list\` shows)`,
      ExitCode.usage,
    );
  if (!/^[a-z0-9-]{1,63}$/.test(id))
    throw new CliError(
      `KEY_ID "${id}" is not a key id (see \`sieve keys list --tenant ID\`)`,
      ExitCode.usage,
    );
  return id;
}

/** `--tenant` and the connection flags of every Admin key command. */
function withTenantOption(command: Command): Command {
  return withAdminConnection(command)
    .requiredOption('--tenant <id>', 'tenant id')
    .option('--json', 'print JSON instead', false);
}

/** The tenants-file helpers: a key and its hash for a file entry, computed here without any gateway. */
function addTenantFileCommands(keys: Command): void {
  keys
    .command('new')
    .description(
      'generate an API key and the hash to put in the tenants file (the key itself is never stored)',
    )
    .option('--json', 'print {"key","hash","id"} as JSON', false)
    .action((options: { json: boolean }) => {
      const { keyId, key } = ApiKeyFormat.generate();
      const hash = ApiKeyHasher.hash(key);
      if (options.json) {
        console.log(JSON.stringify({ key, hash, id: keyId }));
        return;
      }
      console.log(`key  (give it to the tenant; shown once): ${key}`);
      console.log(`file entry:  api_keys: [{ id: ${keyId}, hash: "${hash}" }]`);
    });
  keys
    .command('hash')
    .description(
      'the tenants-file hash of an existing key (read from stdin, so it stays out of shell history)',
    )
    .action(async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      console.log(ApiKeyHasher.hash(Buffer.concat(chunks).toString('utf8').trim()));
    });
}

export function keysCommand(): Command {
  const keys = new Command('keys').description(
    "API keys: create, list, rotate and revoke a tenant's keys over the Admin API; `new` and `hash` for the tenants file",
  );

  keys.addCommand(
    withTenantOption(new Command('create'))
      .description(
        'issue a key for a tenant: prints the key alone on stdout (shown once, only its hash is stored), its id on ' +
          'stderr; --json prints {"id","key","tenant"}',
      )
      .option('--name <name>', 'a label for the key, e.g. prod', '')
      .option(
        '--ttl <duration>',
        'the key stops working after this long: 90s, 15m, 24h, 30d (default: never)',
        durationParser('--ttl'),
      )
      .action(async (options: KeyOptions & { name: string; ttl?: { seconds: number } }) => {
        const tenantId = checkedTenantId(options.tenant, '--tenant');
        const issued = await withAdminClient(options, (client) =>
          client.call<{ key: ApiKeyMessage; secret: string }>('IssueKey', {
            tenantId,
            name: options.name,
            ...(options.ttl ? { ttl: options.ttl } : {}),
          }),
        );
        if (options.json) {
          console.log(JSON.stringify({ id: issued.key.id, key: issued.secret, tenant: tenantId }));
        } else {
          console.log(issued.secret);
        }
        const expires = isoTime(issued.key.expireTime);
        console.error(
          `sieve: key ${issued.key.id} for tenant ${tenantId}${expires ? `, expires ${expires}` : ''}; ` +
            'the key is shown only now. Clients read it from SIEVE_API_KEY.',
        );
      }),
  );

  keys.addCommand(
    withTenantOption(new Command('list'))
      .description("a tenant's keys (ids, names, times; never the keys themselves)")
      .action(async (options: KeyOptions) => {
        const tenantId = checkedTenantId(options.tenant, '--tenant');
        const response = await withAdminClient(options, (client) =>
          client.call<{ keys: ApiKeyMessage[] }>('ListKeys', { tenantId }),
        );
        const views = response.keys.map(keyView);
        if (options.json) {
          for (const view of views) console.log(JSON.stringify(view));
          return;
        }
        if (views.length === 0) {
          console.error(
            `sieve: tenant ${tenantId} has no keys (issue one with \`sieve keys create --tenant ${tenantId}\`)`,
          );
          return;
        }
        const rows = views.map((view) => [
          view.id,
          view.name || '-',
          view.revoked
            ? 'revoked'
            : view.expire_time && Date.parse(view.expire_time) <= Date.now()
              ? 'expired'
              : 'active',
          view.create_time ?? '-',
          view.expire_time ?? '-',
          view.last_used_time ?? '-',
        ]);
        console.log(alignedColumns([['ID', 'NAME', 'STATE', 'CREATED', 'EXPIRES', 'LAST USED'], ...rows]));
      }),
  );

  keys.addCommand(
    withTenantOption(new Command('rotate'))
      .description(
        'issue a new key in place of KEY_ID: prints the new key alone on stdout (shown once); the old one keeps ' +
          'working for the grace period; --json prints {"id","key","tenant","old_id","old_expire_time"}',
      )
      .argument('<KEY_ID>', 'id of the key to replace (as `sieve keys list` shows)')
      .option(
        '--grace <duration>',
        'how long the old key keeps working: 90s, 15m, 24h, 30d (default 24h)',
        durationParser('--grace'),
      )
      .action(async (keyId: string, options: KeyOptions & { grace?: { seconds: number } }) => {
        const tenantId = checkedTenantId(options.tenant, '--tenant');
        const oldKeyId = checkedKeyId(keyId);
        const rotated = await withAdminClient(options, (client) =>
          client.call<{ oldKey: ApiKeyMessage; newKey: ApiKeyMessage; secret: string }>('RotateKey', {
            tenantId,
            keyId: oldKeyId,
            ...(options.grace ? { gracePeriod: options.grace } : {}),
          }),
        );
        const oldExpires = isoTime(rotated.oldKey.expireTime);
        if (options.json) {
          console.log(
            JSON.stringify({
              id: rotated.newKey.id,
              key: rotated.secret,
              tenant: tenantId,
              old_id: rotated.oldKey.id,
              old_expire_time: oldExpires,
            }),
          );
        } else {
          console.log(rotated.secret);
        }
        console.error(
          `sieve: key ${rotated.newKey.id} replaces ${rotated.oldKey.id}, which works until ${oldExpires ?? 'revoked'}; ` +
            'the new key is shown only now.',
        );
      }),
  );

  keys.addCommand(
    withTenantOption(new Command('revoke'))
      .description('stop KEY_ID working now (calls with it answer UNAUTHENTICATED)')
      .argument('<KEY_ID>', 'id of the key (as `sieve keys list` shows)')
      .action(async (keyId: string, options: KeyOptions) => {
        const tenantId = checkedTenantId(options.tenant, '--tenant');
        const revokedId = checkedKeyId(keyId);
        const revoked = await withAdminClient(options, (client) =>
          client.call<{ key: ApiKeyMessage }>('RevokeKey', { tenantId, keyId: revokedId }),
        );
        if (options.json) console.log(JSON.stringify(keyView(revoked.key)));
        console.error(`sieve: revoked key ${revoked.key.id} of tenant ${tenantId}`);
      }),
  );

  addTenantFileCommands(keys);
  return keys;
}
