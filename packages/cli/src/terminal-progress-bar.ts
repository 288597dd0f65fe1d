import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr, or undefined when progress is off (`--no-progress`) or stderr is not a terminal: a log
 * file or a CI job gets no redraw sequences, and stdout (data) is never touched. `format` is cli-progress's, e.g.
 * 'uploading [{bar}] {value}/{total} texts {percentage}% | eta {eta}s'.
 */
export function terminalProgressBar(enabled: boolean, format: string): cliProgress.SingleBar | undefined {
  if (!enabled || !process.stderr.isTTY) return undefined;
  return new cliProgress.SingleBar(
    { format, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
}
