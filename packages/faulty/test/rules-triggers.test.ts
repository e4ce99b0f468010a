import { type FaultRule, FaultyFs, SeededRandom } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';
import { memfsWorld } from './support/fixture.js';

/** Makes `count` stat calls of `/d/a` one after the other; the outcome of each. */
async function statOutcomes(fs: FaultyFs, count: number): Promise<string[]> {
  for (let i = 0; i < count; i += 1) await fs.stat('/d/a').catch(() => undefined);
  return fs.history().map((entry) => entry.outcome);
}

function faulty(rule: Omit<FaultRule, 'op' | 'errno'>, seed: number | string = 1): FaultyFs {
  return new FaultyFs(memfsWorld().inner, { seed, rules: [{ op: 'stat', errno: 'EIO', ...rule }] });
}

describe(FaultyFs, () => {
  describe('rules', () => {
    describe('triggers', () => {
      it('without a trigger, fire on every matching call', async () => {
        expect(await statOutcomes(faulty({}), 4)).toEqual(['EIO', 'EIO', 'EIO', 'EIO']);
      });

      it('nth fires on the n-th matching call only', async () => {
        expect(await statOutcomes(faulty({ nth: 3 }), 6)).toEqual([
          'ok',
          'ok',
          'EIO',
          'ok',
          'ok',
          'ok',
        ]);
      });

      it('nth counts matching calls only, not calls of other paths or operations', async () => {
        const { inner, volume } = memfsWorld();
        volume.writeFileSync('/d/b', '');
        const fs = new FaultyFs(inner, {
          rules: [{ op: 'stat', path: '/d/a', errno: 'EIO', nth: 2 }],
        });
        await fs.stat('/d/b');
        await fs.readdir('/d');
        await fs.stat('/d/a');
        await fs.stat('/d/b');
        await expect(fs.stat('/d/a')).rejects.toMatchObject({ code: 'EIO' });
        await expect(fs.stat('/d/a')).resolves.toBeDefined();
      });

      it('nth with times fires on that many matching calls from the n-th on', async () => {
        expect(await statOutcomes(faulty({ nth: 2, times: 3 }), 7)).toEqual([
          'ok',
          'EIO',
          'EIO',
          'EIO',
          'ok',
          'ok',
          'ok',
        ]);
      });

      it('times alone fires on the first k matching calls', async () => {
        expect(await statOutcomes(faulty({ times: 2 }), 5)).toEqual([
          'EIO',
          'EIO',
          'ok',
          'ok',
          'ok',
        ]);
      });

      it('times 0 never fires', async () => {
        expect(await statOutcomes(faulty({ times: 0 }), 3)).toEqual(['ok', 'ok', 'ok']);
      });

      describe('probability', () => {
        it('draws each call from the seed: the same seed fires on the same calls', async () => {
          const first = await statOutcomes(faulty({ probability: 0.5 }, 123), 40);
          const again = await statOutcomes(faulty({ probability: 0.5 }, 123), 40);
          expect(again).toEqual(first);
          expect(first).toContain('EIO');
          expect(first).toContain('ok');
        });

        it('another seed fires on other calls', async () => {
          const one = await statOutcomes(faulty({ probability: 0.5 }, 123), 40);
          const other = await statOutcomes(faulty({ probability: 0.5 }, 124), 40);
          expect(other).not.toEqual(one);
        });

        it('fires exactly when the seeded generator says chance(p)', async () => {
          const random = new SeededRandom('prob');
          const expected = Array.from({ length: 50 }, () => (random.chance(0.3) ? 'EIO' : 'ok'));
          expect(await statOutcomes(faulty({ probability: 0.3 }, 'prob'), 50)).toEqual(expected);
        });

        it('fires on about that share of the calls', async () => {
          const outcomes = await statOutcomes(faulty({ probability: 0.25 }, 9), 400);
          const share = outcomes.filter((outcome) => outcome === 'EIO').length / 400;
          expect(share).toBeGreaterThan(0.15);
          expect(share).toBeLessThan(0.35);
        });

        it('0 never fires', async () => {
          expect(await statOutcomes(faulty({ probability: 0 }), 50)).not.toContain('EIO');
        });

        it('1 always fires', async () => {
          expect(await statOutcomes(faulty({ probability: 1 }), 50)).not.toContain('ok');
        });

        it('with times fires at most that many times', async () => {
          const outcomes = await statOutcomes(faulty({ probability: 0.9, times: 2 }, 5), 30);
          expect(outcomes.filter((outcome) => outcome === 'EIO')).toHaveLength(2);
        });
      });
    });
  });
});
