// `sieve` — one command for operators and users. Commander because it gives subcommands, typed options, help and
// clear errors for unknown flags without code of ours; each subcommand lives in its own file under commands/.
//
// Only the subcommand named on the command line is loaded (its module pulls in gRPC, ONNX Runtime, the
// synthesizer...), so `sieve --version` and `sieve --help` start in a fraction of a second; the top-level help
// lists every command from the summaries below.
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error.ts';
import { cliVersion } from './cli-version.ts';
import { EXIT_CODES_HELP, ExitCode } from './exit-codes.ts';

interface CommandEntry {
  /** The line `sieve --help` shows for it. */
  summary: string;
  load: () => Promise<Command>;
}

const COMMANDS: Record<string, CommandEntry> = {
  start: {
    summary: 'start a local cluster: Redis, a gateway and workers',
    load: async () => (await import('./commands/start.ts')).startCommand(),
  },
  models: {
    summary: 'create, fetch and inspect model directories',
    load: async () => (await import('./commands/models.ts')).modelsCommand(),
  },
  classify: {
    summary: 'classify texts (arguments, or "-" for one text per line of stdin)',
    load: async () => (await import('./commands/classify.ts')).classifyCommand(),
  },
  batch: {
    summary: 'asynchronous batch jobs: submit, status, list, results, cancel',
    load: async () => (await import('./commands/batch.ts')).batchCommand(),
  },
  eval: {
    summary: 'evaluate models on a labelled file: accuracy, F1, confusion, calibration',
    load: async () => (await import('./commands/eval.ts')).evalCommand(),
  },
  heads: {
    summary: 'train and manage classification heads with your own labels',
    load: async () => (await import('./commands/heads.ts')).headsCommand(),
  },
  tenants: {
    summary: 'create, list, update and delete tenants (Admin API)',
    load: async () => (await import('./commands/tenants.ts')).tenantsCommand(),
  },
  keys: {
    summary: "issue, list, rotate and revoke tenants' API keys (Admin API)",
    load: async () => (await import('./commands/keys.ts')).keysCommand(),
  },
  usage: {
    summary: "a tenant's usage per model, for charge-back (Admin API)",
    load: async () => (await import('./commands/usage.ts')).usageCommand(),
  },
};

/**
 * Commander's exitOverride() is not inherited through addCommand(): without it on every level, a bad flag of a
 * subcommand would end the process with Commander's own status 1 instead of the usage status 2.
 */
function throwingOnExit(command: Command): Command {
  command.exitOverride().showHelpAfterError('(run with --help for usage)');
  for (const sub of command.commands) throwingOnExit(sub);
  return command;
}

/** The subcommand the arguments name (`sieve help X` names X), if any: the first word that is not a flag. */
function namedCommand(args: string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? name : undefined;
}

// A reader that stops early (`sieve ... | head -1`) closes the pipe: that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(ExitCode.ok);
  throw error;
});

async function main(): Promise<void> {
  const program = new Command('sieve')
    .description('sieve: a gRPC multi-tenant inference cluster for text classifiers')
    .version(cliVersion(), '-V, --version', 'print the version (and the git commit of a checkout)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride();
  const name = namedCommand(process.argv.slice(2));
  for (const [entryName, entry] of Object.entries(COMMANDS)) {
    if (entryName === name) program.addCommand(throwingOnExit(await entry.load()).summary(entry.summary));
    else if (name === undefined) program.command(entryName).description(entry.summary);
  }
  await program.parseAsync(process.argv);
}

try {
  await main();
} catch (error) {
  // Commander has already printed its own message (unknown flag, missing argument, help on no command).
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? ExitCode.ok : ExitCode.usage);
  if (error instanceof CliError) {
    console.error(`sieve: ${error.message}`);
    process.exit(error.exitCode);
  }
  console.error(`sieve: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(ExitCode.failed);
}
