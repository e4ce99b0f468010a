import type { Random } from '@linklock/core';
import { SeededRandom } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';

// Recorded once from the implementation; a change of algorithm or seeding changes them.
const FIRST_OUTPUTS_SEED_1 = [2442144158, 3238099751, 3819917871, 2104621829, 2021136066];
const FIRST_OUTPUTS_SEED_ABC = [210338963, 3748574140, 3696474706, 2251005953, 2952301453];
/** FNV-1a (32-bit) of "abc", a published test vector. */
const FNV1A_ABC = 0x1a47e90b;

/**
 * xoshiro128** with splitmix32-style seeding, written again from the published description
 * with BigInt arithmetic (no Math.imul, no typed arrays), to check the implementation against.
 */
class ReferenceXoshiro128 {
  readonly #s: bigint[];

  constructor(seed: number | string) {
    let x = BigInt(typeof seed === 'string' ? fnv1a(seed) : seed >>> 0);
    this.#s = [];
    for (let i = 0; i < 4; i += 1) {
      x = u32(x + 0x9e3779b9n);
      this.#s.push(mix32(x));
    }
    if (!this.#s.some((word) => word !== 0n)) this.#s[0] = 1n;
  }

  next(): number {
    const [s0, s1, s2, s3] = this.#s as [bigint, bigint, bigint, bigint];
    const result = u32(rotl(u32(s1 * 5n), 7n) * 9n);
    const t = u32(s1 << 9n);
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    const n1 = s1 ^ n2;
    const n0 = s0 ^ n3;
    this.#s.splice(0, 4, n0, n1, n2 ^ t, rotl(n3, 11n));
    return Number(result);
  }
}

function u32(x: bigint): bigint {
  return x & 0xffffffffn;
}

function rotl(x: bigint, k: bigint): bigint {
  return u32((x << k) | (x >> (32n - k)));
}

/** The splitmix32 finaliser: xor-shift 16, multiply, xor-shift 13, multiply, xor-shift 16. */
function mix32(x: bigint): bigint {
  let z = u32(x);
  z = u32((z ^ (z >> 16n)) * 0x85ebca6bn);
  z = u32((z ^ (z >> 13n)) * 0xc2b2ae35n);
  return z ^ (z >> 16n);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5n;
  for (const unit of Array.from({ length: text.length }, (_, i) => text.charCodeAt(i))) {
    hash = u32((hash ^ BigInt(unit)) * 0x01000193n);
  }
  return Number(hash);
}

function uint32s(random: { nextUint32(): number } | ReferenceXoshiro128, count: number) {
  return Array.from({ length: count }, () =>
    random instanceof ReferenceXoshiro128 ? random.next() : random.nextUint32(),
  );
}

describe(SeededRandom, () => {
  describe('known answers', () => {
    it('seed 1 starts with the recorded outputs', () => {
      expect(uint32s(new SeededRandom(1), 5)).toEqual(FIRST_OUTPUTS_SEED_1);
    });

    it("seed 'abc' is hashed with FNV-1a and starts with the recorded outputs", () => {
      const random = new SeededRandom('abc');
      expect(random.seed).toBe(FNV1A_ABC);
      expect(uint32s(random, 5)).toEqual(FIRST_OUTPUTS_SEED_ABC);
    });

    it('the recorded outputs agree with an independent xoshiro128** + splitmix32', () => {
      expect(uint32s(new ReferenceXoshiro128(1), 5)).toEqual(FIRST_OUTPUTS_SEED_1);
      expect(uint32s(new ReferenceXoshiro128('abc'), 5)).toEqual(FIRST_OUTPUTS_SEED_ABC);
      expect(fnv1a('abc')).toBe(FNV1A_ABC);
    });

    for (const seed of [0, 1, 2, 0xffffffff, 123_456_789, 'linklock', '', 'é✓']) {
      it(`agrees with the independent implementation for 1,000 outputs of seed ${JSON.stringify(seed)}`, () => {
        expect(uint32s(new SeededRandom(seed), 1000)).toEqual(
          uint32s(new ReferenceXoshiro128(seed), 1000),
        );
      });
    }
  });

  describe('seeds', () => {
    it('the same seed gives the same sequence', () => {
      expect(uint32s(new SeededRandom(42), 100)).toEqual(uint32s(new SeededRandom(42), 100));
      expect(uint32s(new SeededRandom('x'), 100)).toEqual(uint32s(new SeededRandom('x'), 100));
    });

    it('different seeds give different sequences', () => {
      expect(uint32s(new SeededRandom(1), 10)).not.toEqual(uint32s(new SeededRandom(2), 10));
      expect(uint32s(new SeededRandom('a'), 10)).not.toEqual(uint32s(new SeededRandom('b'), 10));
    });

    it('takes a number modulo 2^32', () => {
      expect(new SeededRandom(2 ** 32 + 5).seed).toBe(5);
      expect(new SeededRandom(-1).seed).toBe(0xffffffff);
      expect(uint32s(new SeededRandom(2 ** 32 + 5), 10)).toEqual(uint32s(new SeededRandom(5), 10));
    });

    it('defaults to seed 1', () => {
      expect(new SeededRandom().seed).toBe(1);
      expect(uint32s(new SeededRandom(), 5)).toEqual(FIRST_OUTPUTS_SEED_1);
    });
  });

  describe('next()', () => {
    it('is the next 32 bits scaled into [0, 1)', () => {
      const random = new SeededRandom(3);
      const bits = uint32s(new SeededRandom(3), 100);
      expect(Array.from({ length: 100 }, () => random.next())).toEqual(
        bits.map((word) => word / 2 ** 32),
      );
    });

    it('stays within [0, 1) and spreads over it', () => {
      const random = new SeededRandom(4);
      const values = Array.from({ length: 10_000 }, () => random.next());
      expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      expect(mean).toBeGreaterThan(0.48);
      expect(mean).toBeLessThan(0.52);
    });
  });

  describe('int()', () => {
    it('gives integers in [0, bound), each of them', () => {
      const random = new SeededRandom(5);
      const values = Array.from({ length: 10_000 }, () => random.int(6));
      expect(values.every((value) => Number.isInteger(value) && value >= 0 && value < 6)).toBe(
        true,
      );
      expect(new Set(values)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    });
  });

  describe('chance()', () => {
    it('is never true for 0 and always true for 1', () => {
      const random = new SeededRandom(6);
      for (let i = 0; i < 1000; i += 1) {
        expect(random.chance(0)).toBe(false);
        expect(random.chance(1)).toBe(true);
      }
    });

    it('is true about p of the time', () => {
      const random = new SeededRandom(7);
      const hits = Array.from({ length: 10_000 }, () => random.chance(0.25)).filter(Boolean);
      expect(hits.length / 10_000).toBeGreaterThan(0.22);
      expect(hits.length / 10_000).toBeLessThan(0.28);
    });

    it('draws nothing for 0 and 1, so certain rules do not shift the sequence', () => {
      const random = new SeededRandom(8);
      random.chance(0);
      random.chance(1);
      expect(random.nextUint32()).toBe(new SeededRandom(8).nextUint32());
    });
  });

  describe('exponential()', () => {
    it('has roughly the requested mean over 10,000 draws', () => {
      const random = new SeededRandom(9);
      const draws = Array.from({ length: 10_000 }, () => random.exponential(20));
      expect(draws.every((value) => value >= 0 && Number.isFinite(value))).toBe(true);
      const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
      expect(mean).toBeGreaterThan(19);
      expect(mean).toBeLessThan(21);
    });

    it('is 0 for a mean of 0', () => {
      expect(new SeededRandom(10).exponential(0)).toBe(0);
    });
  });

  describe('nonce()', () => {
    it('is 16 characters of [A-Za-z0-9_-], with no repeat over 10,000', () => {
      const random = new SeededRandom(11);
      const nonces = Array.from({ length: 10_000 }, () => random.nonce());
      for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(new Set(nonces).size).toBe(10_000);
    });

    it('replays with the seed', () => {
      const a = new SeededRandom('n');
      const b = new SeededRandom('n');
      expect([a.nonce(), a.nonce()]).toEqual([b.nonce(), b.nonce()]);
    });

    it('serves as linklock’s Random', () => {
      const random: Random = new SeededRandom(12);
      expect(random.nonce()).toHaveLength(16);
      expect(random.next()).toBeLessThan(1);
    });
  });

  describe('fork()', () => {
    it('is deterministic: the same parent seed forks the same child', () => {
      expect(uint32s(new SeededRandom(13).fork(), 20)).toEqual(
        uint32s(new SeededRandom(13).fork(), 20),
      );
    });

    it('is seeded by the parent’s next output, and advances the parent by one', () => {
      const parent = new SeededRandom(14);
      const [first, second] = uint32s(new SeededRandom(14), 2);
      const child = parent.fork();
      expect(child.seed).toBe(first);
      expect(parent.nextUint32()).toBe(second);
    });

    it('is independent: the child does not repeat the parent’s sequence', () => {
      const parent = new SeededRandom(15);
      const child = parent.fork();
      const sibling = parent.fork();
      const childOutputs = uint32s(child, 100);
      expect(childOutputs).not.toEqual(uint32s(parent, 100));
      expect(childOutputs).not.toEqual(uint32s(sibling, 100));
      const parentOutputs = new Set(uint32s(new SeededRandom(15), 300));
      const overlap = childOutputs.filter((word) => parentOutputs.has(word));
      expect(overlap).toEqual([]);
    });

    it('draws from the child leave the parent’s sequence alone', () => {
      const parent = new SeededRandom(16);
      const twin = new SeededRandom(16);
      const child = parent.fork();
      twin.fork();
      uint32s(child, 50);
      expect(uint32s(parent, 10)).toEqual(uint32s(twin, 10));
    });
  });
});
