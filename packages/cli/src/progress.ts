/**
 * Progress of a long run on stderr: a bar redrawn in place on a terminal, a plain line every
 * tenth of the way otherwise (logs and CI), nothing at all when `quiet`.
 */
export class Progress {
  readonly #label: string;
  readonly #total: number;
  readonly #tty: boolean;
  readonly #quiet: boolean;
  #lastTenth = -1;

  constructor(label: string, total: number, options: { quiet?: boolean } = {}) {
    this.#label = label;
    this.#total = total;
    this.#tty = process.stderr.isTTY === true;
    this.#quiet = options.quiet === true;
  }

  update(done: number, note: string): void {
    if (this.#quiet) return;
    if (this.#tty) {
      const width = 30;
      const filled = Math.round((done / this.#total) * width);
      const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
      process.stderr.write(`\r${this.#label} [${bar}] ${done}/${this.#total} ${note}\x1b[K`);
      return;
    }
    const tenth = Math.floor((done / this.#total) * 10);
    if (tenth === this.#lastTenth && done !== this.#total) return;
    this.#lastTenth = tenth;
    process.stderr.write(`${this.#label}: ${done}/${this.#total} ${note}\n`);
  }

  done(): void {
    if (this.#tty && !this.#quiet) process.stderr.write('\n');
  }
}
