import type { Random } from '@linklock/core';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/**
 * A small seeded generator (xorshift32) for the locks of the suite: a lock's nonces come from
 * its own seed, so two locks of one case never draw the same nonce. Not `SeededRandom` of
 * @linklock/faulty, the generator everything else uses: this package depends on core only.
 */
export class SuiteRandom implements Random {
  #state: number;

  constructor(seed: string) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < seed.length; i += 1)
      hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193);
    this.#state = hash >>> 0 || 1;
  }

  next(): number {
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return this.#state / 0x1_0000_0000;
  }

  nonce(): string {
    let nonce = '';
    for (let i = 0; i < 16; i += 1) nonce += ALPHABET[Math.floor(this.next() * ALPHABET.length)];
    return nonce;
  }
}
