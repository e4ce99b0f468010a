import type { Random } from '@linklock/core';

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A small seeded pseudo-random generator: xoshiro128** (Blackman and Vigna, 2018), its
 * 128-bit state filled from the seed by splitmix32. Fast, with a period of 2^128 - 1 and good
 * statistical quality; not for cryptography. The same seed gives the same sequence on every
 * platform, which is what makes a faulty run or a simulation replay exactly.
 *
 * It implements linklock's `Random`, so one generator can drive both the faults and the lock's
 * own nonces and jitter.
 */
export class SeededRandom implements Random {
  readonly seed: number;
  readonly #state = new Uint32Array(4);

  /** @param seed any integer (taken modulo 2^32) or a string (hashed) */
  constructor(seed: number | string = 1) {
    this.seed = typeof seed === 'string' ? hashString(seed) : seed >>> 0;
    let x = this.seed;
    for (let i = 0; i < 4; i += 1) {
      x = (x + 0x9e3779b9) >>> 0;
      this.#state[i] = splitmix32(x);
    }
    if (this.#state.every((word) => word === 0)) this.#state[0] = 1; // the one forbidden state
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const s = this.#state;
    let [s0, s1, s2, s3] = [s[0]!, s[1]!, s[2]!, s[3]!];
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3 >>> 0, 11);
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    return result;
  }

  /** A number in [0, 1). */
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }

  /** An integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** `true` with probability `p`. */
  chance(p: number): boolean {
    return p >= 1 || (p > 0 && this.next() < p);
  }

  /** An exponentially distributed number with the given mean. */
  exponential(mean: number): number {
    return mean <= 0 ? 0 : -mean * Math.log(1 - this.next());
  }

  /** 16 characters of `[A-Za-z0-9_-]`: unique enough for claim names, and replayable. */
  nonce(): string {
    let text = '';
    for (let i = 0; i < 16; i += 1) text += NONCE_ALPHABET[this.nextUint32() & 63];
    return text;
  }

  /** An independent generator derived from this one (e.g. one per simulated process). */
  fork(): SeededRandom {
    return new SeededRandom(this.nextUint32());
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** splitmix32: one well-mixed 32-bit word from any 32-bit input. */
function splitmix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a over UTF-16 code units: a stable 32-bit seed from a string. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1)
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
