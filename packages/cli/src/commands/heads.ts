import { Command } from 'commander';
import { withConnection } from '../batch-connection.ts';
import { describeHead, withHeadsClient, type HeadsConnectionOptions } from '../heads-connection.ts';
import { headsTrainCommand } from './heads-train.ts';

export function headsCommand(): Command {
  const heads = new Command('heads').description(
    "classification heads with your labels on a served model's features, served as MODEL+HEAD[@version]",
  );
  heads.addCommand(headsTrainCommand());
  heads.addCommand(
    withConnection(new Command('status'))
      .description("a head version's state and, once trained, its held-out metrics")
      .argument('<model+head[@version]>', 'e.g. sentiment+spam (the newest version) or sentiment+spam@2')
      .option('--tenant <id>', 'the tenant the API key must belong to')
      .option('--json', 'print the head as JSON', false)
      .action(async (model: string, options: HeadsConnectionOptions & { json: boolean }) => {
        const head = await withHeadsClient(options, (client) => client.get(model));
        console.log(options.json ? JSON.stringify(head) : describeHead(head));
      }),
  );
  heads.addCommand(
    withConnection(new Command('list'))
      .description("your tenant's heads, every version, newest first")
      .option('--base <model>', 'only heads on this model (its name)')
      .option('--tenant <id>', 'the tenant the API key must belong to')
      .option('--json', 'one JSON object per head version', false)
      .action(async (options: HeadsConnectionOptions & { base?: string; json: boolean }) => {
        const found = await withHeadsClient(options, (client) => client.list(options.base ?? ''));
        for (const head of found) console.log(options.json ? JSON.stringify(head) : describeHead(head));
        if (found.length === 0 && !options.json) console.error('no heads');
      }),
  );
  heads.addCommand(
    withConnection(new Command('delete'))
      .description(
        'delete a head version (model+head@version) or every version of a head (model+head); prints each ' +
          'deleted version on stdout',
      )
      .argument('<model+head[@version]>', 'what to delete')
      .option('--tenant <id>', 'the tenant the API key must belong to')
      .action(async (model: string, options: HeadsConnectionOptions) => {
        const deleted = await withHeadsClient(options, (client) => client.delete(model));
        for (const head of deleted) console.log(head.model);
        console.error(`deleted ${deleted.length} head version${deleted.length === 1 ? '' : 's'}`);
      }),
  );
  return heads;
}
