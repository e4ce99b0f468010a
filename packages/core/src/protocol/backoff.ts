import type { Random } from '../contracts/random.js';

/**
 * Jittered exponential backoff between `minDelay` and `maxDelay` (H15): the k-th wait is drawn
 * from [base/2, base] with base = minDelay * 2^k capped at maxDelay ("equal jitter"), so
 * waiters neither spin nor march in step, and a long wait never oversleeps the cap.
 */
export class Backoff {
  readonly #random: Random;
  readonly #minDelay: number;
  readonly #maxDelay: number;
  #attempt = 0;

  constructor(random: Random, minDelay: number, maxDelay: number) {
    this.#random = random;
    this.#minDelay = minDelay;
    this.#maxDelay = maxDelay;
  }

  next(): number {
    const base = Math.min(this.#maxDelay, Math.max(this.#minDelay, 1) * 2 ** this.#attempt);
    if (base < this.#maxDelay) this.#attempt += 1;
    const delay = base / 2 + (this.#random.next() * base) / 2;
    return Math.min(this.#maxDelay, Math.max(this.#minDelay, delay));
  }

  reset(): void {
    this.#attempt = 0;
  }
}
