import { FaultyFs } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';
import { memfsWorld, rejection, settledYet } from './support/fixture.js';

/** The fixture's adapter plus `utimes`, as the reference algorithms' filesystem of nfs-sim has. */
function timedWorld() {
  const world = memfsWorld();
  const inner = Object.assign(world.inner, {
    utimes: async (path: string, mtimeMs: number) =>
      world.volume.utimesSync(path, mtimeMs / 1000, mtimeMs / 1000),
  });
  const mtimeOf = (path: string) => Number(world.volume.statSync(path).mtimeMs);
  return { ...world, inner, mtimeOf };
}

describe(FaultyFs, () => {
  describe('utimes', () => {
    it('is absent when the inner adapter has none', () => {
      expect(new FaultyFs(memfsWorld().inner).utimes).toBeUndefined();
      expect('utimes' in new FaultyFs(memfsWorld().inner)).toBe(false);
    });

    it('passes through to the inner adapter, recorded with the time it sets', async () => {
      const { inner, mtimeOf } = timedWorld();
      const fs = new FaultyFs(inner);
      await fs.utimes!('/d/a', 86_400_000);
      expect(mtimeOf('/d/a')).toBe(86_400_000);
      expect(fs.history()).toEqual([
        {
          call: 1,
          op: 'utimes',
          paths: ['/d/a'],
          details: { mtimeMs: 86_400_000 },
          outcome: 'ok',
          injected: false,
        },
      ]);
      expect(await rejection(fs.utimes!('/d/missing', 0))).toMatchObject({ code: 'ENOENT' });
      expect(fs.history()[1]).toMatchObject({ outcome: 'ENOENT', injected: false });
    });

    it("takes rules: 'before' leaves the time, 'after' sets it and still fails (syscall utime)", async () => {
      const { inner, mtimeOf } = timedWorld();
      const before = mtimeOf('/d/a');
      const fs = new FaultyFs(inner, {
        rules: [
          { op: 'utimes', errno: 'EPERM', nth: 1 },
          { op: 'utimes', errno: 'EIO', phase: 'after', times: 1 },
        ],
      });
      const refused = await rejection(fs.utimes!('/d/a', 1_000));
      expect(refused).toMatchObject({ code: 'EPERM', syscall: 'utime', path: '/d/a' });
      expect(mtimeOf('/d/a')).toBe(before);
      const lost = await rejection(fs.utimes!('/d/a', 2_000));
      expect(lost).toMatchObject({ code: 'EIO', syscall: 'utime', path: '/d/a' });
      expect(mtimeOf('/d/a')).toBe(2_000);
      expect(fs.history()[1]).toMatchObject({ op: 'utimes', tookEffect: true });
    });

    it('can be paused, and filtered in history', async () => {
      const { inner, mtimeOf } = timedWorld();
      const fs = new FaultyFs(inner);
      const gate = fs.pause({ op: 'utimes', path: '/d/a' });
      const touching = fs.utimes!('/d/a', 5_000);
      expect(await gate.reached).toMatchObject({ op: 'utimes', path: '/d/a', paths: ['/d/a'] });
      expect(await settledYet(touching)).toBe(false);
      expect(mtimeOf('/d/a')).not.toBe(5_000);
      gate.release();
      await touching;
      expect(mtimeOf('/d/a')).toBe(5_000);
      await fs.stat('/d/a');
      expect(fs.history({ op: 'utimes', path: '/d/a' })).toHaveLength(1);
    });
  });
});
