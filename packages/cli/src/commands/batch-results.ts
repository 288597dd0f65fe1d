import { Command } from 'commander';
import { once } from 'node:events';
import { nonNegativeInteger } from '../option-parsers.ts';
import { withBatchClient, withConnection, type ConnectionOptions } from '../batch-connection.ts';
import { terminalProgressBar } from '../terminal-progress-bar.ts';

interface ResultsOptions extends ConnectionOptions {
  offset: number;
  follow: boolean;
  progress: boolean;
}

export function batchResultsCommand(): Command {
  return withConnection(new Command('results'))
    .description(
      'write results to stdout as JSON lines in input order: {"index", "id", "labels": [{label, score}], ...} ' +
        'or {"index", "id", "error"}; a progress bar on stderr when it is a terminal',
    )
    .argument('<id>', 'batch id')
    .option('--offset <n>', 'start at this input position (resume a broken download)', nonNegativeInteger, 0)
    .option('--follow', 'wait for results still being computed until the batch ends', false)
    .option('--no-progress', 'no progress bar')
    .action(async (id: string, options: ResultsOptions) => {
      await withBatchClient(options, async (client) => {
        const bar = terminalProgressBar(
          options.progress,
          'results [{bar}] {value}/{total} written {percentage}% | eta {eta}s',
        );
        if (bar) {
          const batch = await client.get(id);
          bar.start(Math.max(0, Number(batch.totalCount) - options.offset), 0);
        }
        let written = 0;
        try {
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
            written += 1;
            if (written % 256 === 0) bar?.update(written);
          }
          bar?.update(written);
        } finally {
          bar?.stop();
        }
      });
    });
}
