import type { Random } from '@linklock/core';

/** A small deterministic Random (splitmix32) for tests: the same seed gives the same run. */
export class SeededRandom implements Random {
  #state: number;
  #nonces = 0;
  readonly #label: string;

  constructor(seed = 1, label = 'r') {
    this.#state = seed >>> 0;
    this.#label = label.replace(/[^A-Za-z0-9_-]/g, '_');
  }

  next(): number {
    this.#state = (this.#state + 0x9e3779b9) >>> 0;
    let z = this.#state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 2 ** 32;
  }

  nonce(): string {
    this.#nonces += 1;
    return `${this.#label}${this.#nonces}x${Math.floor(this.next() * 2 ** 32).toString(36)}`.padEnd(
      8,
      '0',
    );
  }
}
