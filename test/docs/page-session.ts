// One page's commands in one bash session, as a reader pastes them one after another: each command verbatim, then a
// line the test adds that reports its exit status on file descriptor 3 and ends the session at the first status that
// is not the documented one (later commands build on earlier ones). Output of every command is kept, marked, for the
// failure message.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ShellCommand } from './documented-blocks.ts';

export interface CommandOutcome {
  command: ShellCommand;
  /** Exit status, or undefined when the session ended (or timed out) before the command finished. */
  status: number | undefined;
  /** stdout and stderr together, as a terminal would show them. */
  output: string;
}

const MARK = '::docs-test-command::';

export class PageSession {
  constructor(
    private readonly options: {
      page: string;
      cwd: string;
      env: NodeJS.ProcessEnv;
      /** Where the generated script is written (a temporary folder). */
      scriptDir: string;
      timeoutMs: number;
    },
  ) {}

  /** The script bash runs: the commands as printed, each followed by the test's own status line. */
  static script(commands: ShellCommand[]): string {
    const lines: string[] = [];
    commands.forEach((command, i) => {
      lines.push(`printf '\\n${MARK}%s\\n' ${i}; printf '\\n${MARK}%s\\n' ${i} >&2`);
      lines.push(command.text);
      lines.push(
        `__docs_status=$?; printf '%s %s\\n' ${i} "$__docs_status" >&3; ` +
          `[ "$__docs_status" -eq ${command.expectedExit} ] || exit 0`,
      );
    });
    return `${lines.join('\n')}\n`;
  }

  async run(commands: ShellCommand[]): Promise<CommandOutcome[]> {
    const scriptPath = join(this.options.scriptDir, `${this.options.page.replace(/[^A-Za-z0-9]+/g, '-')}.sh`);
    writeFileSync(scriptPath, PageSession.script(commands));
    const child = spawn('bash', ['--noprofile', '--norc', scriptPath], {
      cwd: this.options.cwd,
      env: this.options.env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const outputs = commands.map(() => '');
    const statuses = new Map<number, number>();
    let current = -1;
    const collect = (chunk: Buffer) => {
      // Both streams carry the marks; text between marks belongs to the command after the last one seen.
      for (const piece of chunk.toString('utf8').split(new RegExp(`\\n?${MARK}(\\d+)\\n`))) {
        if (/^\d+$/.test(piece) && Number(piece) < commands.length) current = Number(piece);
        else if (current >= 0) outputs[current] += piece;
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    let statusText = '';
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      statusText += chunk.toString('utf8');
      for (const line of statusText.split('\n').slice(0, -1)) {
        const [index, status] = line.split(' ').map(Number);
        statuses.set(index!, status!);
      }
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, this.options.timeoutMs);
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', () => resolve());
    });
    clearTimeout(timer);
    return commands.map((command, i) => ({ command, status: statuses.get(i), output: outputs[i]! }));
  }
}
