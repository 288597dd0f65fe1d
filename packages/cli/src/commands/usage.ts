import { Command, Option } from 'commander';
import { AdminClient, withAdminConnection, type AdminConnectionOptions } from '../admin-client.ts';
import { CliError } from '../cli-error.ts';

interface UsageOptions extends AdminConnectionOptions {
  tenant: string;
  since?: string;
  until?: string;
  model?: string;
  granularity: 'hour' | 'day';
  json: boolean;
}

interface UsageBucket {
  startTime: { seconds: number | string };
  model: string;
  requests: number | string;
  texts: number | string;
  tokens: number | string;
  inferenceTime?: { seconds: number | string; nanos: number };
  rejections: Record<string, number | string>;
}

/** Parses "2026-11-01", an ISO time, or a relative "24h" / "7d" / "30m". */
function parseWhen(value: string): Date {
  const relative = /^(\d+)([mhd])$/.exec(value);
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 'm' | 'h' | 'd'];
    return new Date(Date.now() - Number(relative[1]) * unit);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new CliError(`"${value}" is not a date, an ISO time or a duration like 24h or 7d`, 2);
  return date;
}

const timestamp = (date: Date) => ({ seconds: Math.floor(date.getTime() / 1000), nanos: 0 });

export function usageCommand(): Command {
  return withAdminConnection(new Command('usage'))
    .description(
      "a tenant's usage per model: requests, texts, tokens, inference time, rejections (for charge-back)",
    )
    .requiredOption('--tenant <id>', 'tenant id')
    .option('--since <when>', 'start: a date, an ISO time, or a duration back from now (24h, 7d)', '24h')
    .option('--until <when>', 'end (default: now)')
    .option('--model <name@version>', 'only this model')
    .addOption(new Option('--granularity <unit>', 'bucket size').choices(['hour', 'day']).default('hour'))
    .option('--json', 'one JSON object per bucket', false)
    .action(async (options: UsageOptions) => {
      const client = AdminClient.of(options);
      try {
        const response = await client.call<{ buckets: UsageBucket[] }>('GetUsage', {
          tenantId: options.tenant,
          model: options.model ?? '',
          startTime: timestamp(parseWhen(options.since ?? '24h')),
          ...(options.until ? { endTime: timestamp(parseWhen(options.until)) } : {}),
          granularity: options.granularity === 'day' ? 'USAGE_GRANULARITY_DAY' : 'USAGE_GRANULARITY_HOUR',
        });
        const rows = response.buckets.map((bucket) => ({
          start: new Date(Number(bucket.startTime.seconds) * 1000).toISOString(),
          model: bucket.model,
          requests: Number(bucket.requests),
          texts: Number(bucket.texts),
          tokens: Number(bucket.tokens),
          inferenceSeconds: bucket.inferenceTime
            ? Number(bucket.inferenceTime.seconds) + bucket.inferenceTime.nanos / 1e9
            : 0,
          rejections: Object.fromEntries(Object.entries(bucket.rejections).map(([k, v]) => [k, Number(v)])),
        }));
        if (options.json) {
          for (const row of rows) console.log(JSON.stringify({ tenant: options.tenant, ...row }));
          return;
        }
        if (rows.length === 0) {
          console.error(`no usage for tenant ${options.tenant} in that period`);
          return;
        }
        console.log(
          ['start', 'model', 'requests', 'texts', 'tokens', 'inference s', 'rejections'].join('\t'),
        );
        for (const row of rows) {
          const rejected = Object.entries(row.rejections)
            .map(([reason, count]) => `${reason}=${count}`)
            .join(',');
          console.log(
            [
              row.start,
              row.model,
              row.requests,
              row.texts,
              row.tokens,
              row.inferenceSeconds.toFixed(3),
              rejected || '-',
            ].join('\t'),
          );
        }
      } finally {
        client.close();
      }
    });
}
