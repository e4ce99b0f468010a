import { FaultyFs, type LatencyOptions, SeededRandom } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';
import { memfsWorld } from './support/fixture.js';

function setup(latency: LatencyOptions, seed: number | string = 1) {
  const world = memfsWorld();
  const fs = new FaultyFs(world.inner, { seed, latency, clock: world.clock });
  return { ...world, fs };
}

/** The latency of each of `count` stat calls. */
async function statLatencies(latency: LatencyOptions, seed: number | string, count: number) {
  const { fs } = setup(latency, seed);
  for (let i = 0; i < count; i += 1) await fs.stat('/d/a');
  return fs.history().map((entry) => entry.latencyMs);
}

describe(FaultyFs, () => {
  describe('latency', () => {
    it('spends min + exponential(mean) per call, drawn from the seed, on the clock', async () => {
      const { fs, time } = setup({ default: { minMs: 10, meanMs: 5 } }, 7);
      const start = time.now();
      for (let i = 0; i < 5; i += 1) await fs.stat('/d/a');
      const random = new SeededRandom(7);
      const expected = Array.from({ length: 5 }, () => 10 + random.exponential(5));
      const history = fs.history();
      expect(history.map((entry) => entry.latencyMs)).toEqual(expected);
      for (const entry of history) {
        // Virtual time is epoch milliseconds: at 1.75e12 a double resolves about 0.0002 ms.
        expect(entry.endedAt! - entry.startedAt!).toBeCloseTo(entry.latencyMs!, 2);
      }
      const total = expected.reduce((sum, ms) => sum + ms, 0);
      expect(time.now() - start).toBeCloseTo(total, 2);
    });

    it('gives the same latencies for the same seed', async () => {
      const spec = { default: { minMs: 1, meanMs: 20 } };
      expect(await statLatencies(spec, 'x', 10)).toEqual(await statLatencies(spec, 'x', 10));
    });

    it('gives other latencies for another seed', async () => {
      const spec = { default: { minMs: 1, meanMs: 20 } };
      expect(await statLatencies(spec, 1, 10)).not.toEqual(await statLatencies(spec, 2, 10));
    });

    it('never spends less than minMs', async () => {
      const latencies = await statLatencies({ default: { minMs: 3, meanMs: 50 } }, 5, 100);
      expect(Math.min(...latencies.map(Number))).toBeGreaterThanOrEqual(3);
    });

    it('spends exactly minMs with mean 0', async () => {
      expect(await statLatencies({ default: { minMs: 4, meanMs: 0 } }, 5, 3)).toEqual([4, 4, 4]);
    });

    it('uses an operation’s own spec before the default', async () => {
      const { fs, time } = setup({
        link: { minMs: 100, meanMs: 0 },
        default: { minMs: 1, meanMs: 0 },
      });
      const start = time.now();
      await fs.link('/d/a', '/d/b');
      await fs.stat('/d/a');
      expect(fs.history().map((entry) => entry.latencyMs)).toEqual([100, 1]);
      expect(time.now() - start).toBe(101);
    });

    it('spends nothing on an operation with no spec and no default', async () => {
      const { fs, time } = setup({ link: { minMs: 100, meanMs: 0 } });
      const start = time.now();
      await fs.stat('/d/a');
      expect(fs.history()[0]?.latencyMs).toBe(0);
      expect(time.now()).toBe(start);
    });

    it('is spent by failing calls too, before the rule decides', async () => {
      const { inner, clock, time } = memfsWorld();
      const fs = new FaultyFs(inner, {
        clock,
        latency: { stat: { minMs: 30, meanMs: 0 } },
        rules: [{ op: 'stat', errno: 'EIO' }],
      });
      const start = time.now();
      await expect(fs.stat('/d/a')).rejects.toMatchObject({ code: 'EIO' });
      expect(time.now() - start).toBe(30);
    });

    it('sleeps on the clock it was given (not on real time)', async () => {
      const { fs, clock } = setup({ default: { minMs: 60_000, meanMs: 0 } });
      const before = Date.now();
      await fs.stat('/d/a');
      expect(clock.sleeps.length).toBe(1);
      expect(Date.now() - before).toBeLessThan(5_000);
    });

    it('without a clock is refused with a TypeError', () => {
      const { inner } = memfsWorld();
      expect(() => new FaultyFs(inner, { latency: { default: { minMs: 1, meanMs: 1 } } })).toThrow(
        TypeError,
      );
      expect(() => new FaultyFs(inner, { latency: { default: { minMs: 1, meanMs: 1 } } })).toThrow(
        /need a `clock`/,
      );
    });

    it('an empty latency option needs no clock', () => {
      expect(() => new FaultyFs(memfsWorld().inner, { latency: {} })).not.toThrow();
    });

    for (const [label, spec] of [
      ['a negative minMs', { minMs: -1, meanMs: 1 }],
      ['a negative meanMs', { minMs: 1, meanMs: -1 }],
      ['a NaN minMs', { minMs: Number.NaN, meanMs: 1 }],
      ['an infinite meanMs', { minMs: 1, meanMs: Number.POSITIVE_INFINITY }],
    ] as const) {
      it(`rejects ${label} with a RangeError naming the operation`, () => {
        const { inner, clock } = memfsWorld();
        expect(() => new FaultyFs(inner, { clock, latency: { rename: spec } })).toThrow(
          new RangeError(
            'FaultyFs latency.rename: `minMs` and `meanMs` must be finite numbers >= 0',
          ),
        );
      });
    }
  });
});
