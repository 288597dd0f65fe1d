import { Command } from 'commander';
import { once } from 'node:events';
import { nonNegativeInteger } from '../option-parsers.ts';
import { withBatchClient, withConnection, type ConnectionOptions } from '../batch-connection.ts';

interface ResultsOptions extends ConnectionOptions {
  offset: number;
  follow: boolean;
}

export function batchResultsCommand(): Command {
  return withConnection(new Command('results'))
    .description(
      'write results as JSON lines in input order: {"index", "id", "labels": [{label, score}], ...} or {"index", "id", "error"}',
    )
    .argument('<id>', 'batch id')
    .option('--offset <n>', 'start at this input position (resume a broken download)', nonNegativeInteger, 0)
    .option('--follow', 'wait for results still being computed until the batch ends', false)
    .action(async (id: string, options: ResultsOptions) => {
      await withBatchClient(options, async (client) => {
        for await (const result of client.results(id, { offset: options.offset, follow: options.follow })) {
          const line = result.classification
            ? {
                index: Number(result.index),
                id: result.id,
                labels: result.classification.labels,
                token_count: result.classification.tokenCount,
                truncated: result.classification.truncated,
              }
            : { index: Number(result.index), id: result.id, error: result.error };
          // Respect a slow consumer (a pipe into another program): wait for stdout to drain.
          if (!process.stdout.write(`${JSON.stringify(line)}\n`)) await once(process.stdout, 'drain');
        }
      });
    });
}
