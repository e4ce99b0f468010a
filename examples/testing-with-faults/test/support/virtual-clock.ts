import type { Clock } from '@linklock/core';

/**
 * Virtual time: a sleep never waits. When nothing else can run (a `setImmediate` turn), the
 * earliest sleeper wakes and time jumps to its deadline. Copied from docs/faulty.md.
 */
export class VirtualClock implements Clock {
  #nowMs: number;
  #sleepers: { atMs: number; wake: () => void }[] = [];
  #scheduled = false;

  constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const sleeper = { atMs: this.#nowMs + Math.max(0, ms), wake: resolve };
      signal?.addEventListener(
        'abort',
        () => {
          this.#sleepers = this.#sleepers.filter((other) => other !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
      this.#sleepers.push(sleeper);
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#sleepers.sort((a, b) => a.atMs - b.atMs); // stable: equal deadlines wake in order
      const next = this.#sleepers.shift();
      if (next === undefined) return;
      this.#nowMs = Math.max(this.#nowMs, next.atMs);
      next.wake();
      if (this.#sleepers.length > 0) this.#schedule();
    });
  }
}
