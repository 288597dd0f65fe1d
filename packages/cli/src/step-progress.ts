import { Presets, SingleBar } from 'cli-progress';

/**
 * Progress of a command made of a few long steps (synthesizing a model): on a terminal, one bar counting the steps
 * with the current one named; otherwise one line per step, so that logs and CI output stay readable; nothing with
 * `--no-progress`. Always on stderr: stdout carries only the command's result.
 */
export class StepProgress {
  readonly #stream: NodeJS.WriteStream;
  readonly #mode: 'bar' | 'lines' | 'quiet';
  readonly #total: number;
  #bar: SingleBar | undefined;
  #done = 0;

  constructor(options: { stream: NodeJS.WriteStream; steps: number; enabled: boolean; title: string }) {
    this.#stream = options.stream;
    this.#total = options.steps;
    this.#mode = !options.enabled ? 'quiet' : options.stream.isTTY === true ? 'bar' : 'lines';
    if (this.#mode === 'bar') {
      this.#bar = new SingleBar(
        {
          stream: this.#stream,
          format: `${options.title} [{bar}] {value}/{total} {step}`,
          clearOnComplete: true,
          hideCursor: false,
          fps: 5,
        },
        Presets.shades_classic,
      );
      this.#bar.start(this.#total, 0, { step: '' });
    }
  }

  /** A step begins: the previous one is done. */
  step(message: string): void {
    if (this.#mode === 'lines') this.#stream.write(`${message}\n`);
    else if (this.#bar) {
      this.#bar.update(Math.min(this.#done, this.#total), { step: message });
      this.#done += 1;
    }
  }

  /** Clears the bar, so the next line (the result or an error) starts on a line of its own. */
  stop(): void {
    this.#bar?.stop();
    this.#bar = undefined;
  }
}
