import type { Command } from 'commander';
import { Option } from 'commander';
import type { Batch } from '@sieve/api';
import { BatchClient } from '@sieve/client';
import { isoTime as time, withClosingClient } from './gateway-client.ts';
import { channelCredentialsOf, withTlsOptions, type TlsOptions } from './tls-options.ts';

export interface ConnectionOptions extends TlsOptions {
  address: string;
  apiKey?: string;
}

/** Options every batch subcommand shares: where the gateway is, how to reach it and which key to call it with. */
export function withConnection(command: Command): Command {
  return withTlsOptions(command)
    .option('--address <host:port>', 'gateway address', process.env.SIEVE_ADDRESS ?? '127.0.0.1:50051')
    .addOption(
      new Option('--api-key <key>', 'tenant API key (prefer the environment variable)').env('SIEVE_API_KEY'),
    );
}

/** Runs `action` with a client, turning a failed call into one readable line. */
export async function withBatchClient<T>(
  options: ConnectionOptions,
  action: (client: BatchClient) => Promise<T>,
): Promise<T> {
  const open = () =>
    new BatchClient(options.address, {
      credentials: channelCredentialsOf(options),
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    });
  return withClosingClient(options.address, open, action);
}

export function describeBatch(batch: Batch): string {
  const total = Number(batch.totalCount);
  const processed = Number(batch.doneCount) + Number(batch.failedCount);
  const percent = total > 0 ? ((100 * processed) / total).toFixed(1) : '0.0';
  const eta = batch.eta ? `, eta ${Math.ceil(Number(batch.eta.seconds))} s` : '';
  return [
    `${batch.id}  ${batch.state.replace('BATCH_STATE_', '').toLowerCase()}  ${processed}/${total} (${percent}%)${eta}`,
    `  model ${batch.model} (${batch.modelDigest.slice(0, 19)})  name "${batch.displayName}"  key "${batch.idempotencyKey}"`,
    `  done ${batch.doneCount}  failed ${batch.failedCount}  created ${time(batch.createTime)}  started ${time(batch.startTime)}  ended ${time(batch.endTime)}  expires ${time(batch.expireTime)}`,
    ...(batch.error ? [`  error ${batch.error.code}: ${batch.error.message}`] : []),
  ].join('\n');
}
