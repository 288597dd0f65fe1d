import { Command, Option } from 'commander';
import type { BatchState } from '@sieve/api';
import {
  describeBatch,
  withBatchClient,
  withConnection,
  type ConnectionOptions,
} from '../batch-connection.ts';
import { positiveInteger } from '../option-parsers.ts';
import { batchSubmitCommand } from './batch-submit.ts';
import { batchResultsCommand } from './batch-results.ts';

export function batchCommand(): Command {
  const batch = new Command('batch').description(
    'asynchronous batch jobs: submit a file of texts, follow progress, download results, cancel',
  );
  batch.addCommand(batchSubmitCommand());
  batch.addCommand(
    withConnection(new Command('status'))
      .description("a batch's state, progress, ETA and times")
      .argument('<id>', 'batch id')
      .option('--json', 'print the batch as JSON', false)
      .action(async (id: string, options: ConnectionOptions & { json: boolean }) => {
        const found = await withBatchClient(options, (client) => client.get(id));
        console.log(options.json ? JSON.stringify(found) : describeBatch(found));
      }),
  );
  batch.addCommand(
    withConnection(new Command('list'))
      .description("your tenant's batches, newest first")
      .addOption(
        new Option('--state <state>', 'only batches in this state').choices([
          'queued',
          'running',
          'succeeded',
          'failed',
          'cancelled',
        ]),
      )
      .option('--limit <n>', 'at most this many', positiveInteger, 100)
      .option('--json', 'one JSON object per batch', false)
      .action(async (options: ConnectionOptions & { state?: string; limit: number; json: boolean }) => {
        const state = options.state
          ? (`BATCH_STATE_${options.state.toUpperCase()}` as BatchState)
          : undefined;
        await withBatchClient(options, async (client) => {
          let pageToken = '';
          let shown = 0;
          do {
            const page = await client.list({
              pageSize: Math.min(1000, options.limit - shown),
              pageToken,
              ...(state ? { state } : {}),
            });
            for (const found of page.batches) {
              console.log(options.json ? JSON.stringify(found) : describeBatch(found));
              shown += 1;
            }
            pageToken = page.nextPageToken;
          } while (pageToken && shown < options.limit);
          if (shown === 0 && !options.json) console.error('no batches');
        });
      }),
  );
  batch.addCommand(batchResultsCommand());
  batch.addCommand(
    withConnection(new Command('cancel'))
      .description('stop scheduling the remaining chunks; computed results stay readable')
      .argument('<id>', 'batch id')
      .action(async (id: string, options: ConnectionOptions) => {
        const cancelled = await withBatchClient(options, (client) => client.cancel(id));
        console.log(describeBatch(cancelled));
      }),
  );
  return batch;
}
