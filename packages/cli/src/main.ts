// `sieve` — one command for operators and users. Commander because it gives subcommands, typed options, help and
// clear errors for unknown flags without code of ours; each subcommand lives in its own file under commands/.
import { Command, CommanderError } from 'commander';
import { classifyCommand } from './commands/classify.ts';
import { modelsCommand } from './commands/models.ts';
import { startCommand } from './commands/start.ts';
import { usageCommand } from './commands/usage.ts';
import { keysCommand } from './commands/keys.ts';
import { batchCommand } from './commands/batch.ts';
import { evalCommand } from './commands/eval.ts';
import { headsCommand } from './commands/heads.ts';
import { CliError } from './cli-error.ts';

const program = new Command('sieve')
  .description('sieve: a gRPC multi-tenant inference cluster for text classifiers')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

program.addCommand(modelsCommand());
program.addCommand(classifyCommand());
program.addCommand(startCommand());
program.addCommand(usageCommand());
program.addCommand(keysCommand());
program.addCommand(batchCommand());
program.addCommand(evalCommand());
program.addCommand(headsCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof CliError) {
    console.error(`sieve: ${error.message}`);
    process.exit(error.exitCode);
  }
  console.error(`sieve: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
