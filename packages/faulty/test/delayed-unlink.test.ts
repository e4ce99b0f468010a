import { type DelayedUnlinkOptions, type FaultRule, FaultyFs } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';
import { memfsWorld, plainStats, rejection } from './support/fixture.js';

function setup(delayUnlink: DelayedUnlinkOptions, rules: FaultRule[] = []) {
  const world = memfsWorld();
  world.volume.writeFileSync('/d/other', 'o');
  const fs = new FaultyFs(world.inner, { seed: 5, clock: world.clock, delayUnlink, rules });
  return { ...world, fs };
}

describe(FaultyFs, () => {
  describe('delayed unlink', () => {
    describe("mode 'visible' (the default)", () => {
      it('removes the file in the inner adapter at once', async () => {
        const { fs, inner, exists } = setup({ ms: 1000 });
        await fs.unlink('/d/a');
        expect(exists('/d/a')).toBe(false);
        await expect(inner.stat('/d/a')).rejects.toMatchObject({ code: 'ENOENT' });
      });

      it('returns without spending the delay', async () => {
        const { fs, time } = setup({ ms: 1000 });
        const start = time.now();
        await fs.unlink('/d/a');
        expect(time.now()).toBe(start);
      });

      it('keeps answering stat with the old stats until the delay has passed', async () => {
        const { fs, time } = setup({ ms: 1000 });
        const before = plainStats(await fs.stat('/d/a'));
        await fs.unlink('/d/a');
        expect(plainStats(await fs.stat('/d/a'))).toEqual(before);
        time.advance(999);
        expect(plainStats(await fs.stat('/d/a'))).toEqual(before);
        time.advance(1);
        await expect(fs.stat('/d/a')).rejects.toMatchObject({ code: 'ENOENT' });
      });

      it('keeps answering read with the old content until the delay has passed', async () => {
        const { fs, time } = setup({ ms: 1000 });
        await fs.unlink('/d/a');
        const ghost = await fs.read('/d/a', { maxBytes: 100 });
        expect(ghost.data).toBe('abc');
        expect(ghost.stats.size).toBe(3);
        time.advance(1000);
        await expect(fs.read('/d/a', { maxBytes: 100 })).rejects.toMatchObject({ code: 'ENOENT' });
      });

      it('still refuses to read more than maxBytes of the old content (EFBIG)', async () => {
        const { fs } = setup({ ms: 1000 });
        await fs.unlink('/d/a');
        await expect(fs.read('/d/a', { maxBytes: 2 })).rejects.toMatchObject({
          code: 'EFBIG',
          path: '/d/a',
        });
      });

      it('fails link onto the name with an injected EEXIST, making no link', async () => {
        const { fs, exists, time } = setup({ ms: 1000 });
        await fs.unlink('/d/a');
        const error = await rejection(fs.link('/d/other', '/d/a'));
        expect(error).toMatchObject({ code: 'EEXIST', errno: -17, syscall: 'link', path: '/d/a' });
        expect(error.message).toContain('delayed unlink');
        expect(error.message).toContain('seed 5');
        expect(exists('/d/a')).toBe(false);
        expect(fs.history().at(-1)).toMatchObject({
          op: 'link',
          outcome: 'EEXIST',
          injected: true,
          fault: 'delayed unlink',
        });
        time.advance(1000);
        await fs.link('/d/other', '/d/a');
        expect(exists('/d/a')).toBe(true);
      });

      it('fails an exclusive writeFile onto the name with EEXIST, writing nothing', async () => {
        const { fs, exists, time } = setup({ ms: 1000 });
        await fs.unlink('/d/a');
        await expect(fs.writeFile('/d/a', 'new', { exclusive: true })).rejects.toMatchObject({
          code: 'EEXIST',
          syscall: 'open',
          path: '/d/a',
        });
        expect(exists('/d/a')).toBe(false);
        time.advance(1000);
        await fs.writeFile('/d/a', 'new', { exclusive: true });
        expect(exists('/d/a')).toBe(true);
      });

      it('keeps listing the name in readdir until the delay has passed', async () => {
        const { fs, time } = setup({ ms: 1000 });
        await fs.unlink('/d/a');
        expect((await fs.readdir('/d')).sort()).toEqual(['a', 'other']);
        time.advance(1000);
        expect(await fs.readdir('/d')).toEqual(['other']);
      });

      it('lists the name only in its own directory', async () => {
        const { fs, volume } = setup({ ms: 1000 });
        volume.mkdirSync('/d/sub');
        volume.writeFileSync('/d/sub/x', '');
        await fs.unlink('/d/sub/x');
        expect(await fs.readdir('/d/sub')).toEqual(['x']);
        expect((await fs.readdir('/d')).sort()).toEqual(['a', 'other', 'sub']);
        expect(await fs.readdir('/')).toEqual(['d']);
      });

      it('delays only the unlinks whose path matches the filter', async () => {
        const { fs, volume } = setup({ ms: 1000, path: /\.lock$/ });
        volume.writeFileSync('/d/x.lock', 'held');
        await fs.unlink('/d/x.lock');
        await fs.unlink('/d/a');
        expect((await fs.stat('/d/x.lock')).size).toBe(4);
        await expect(fs.stat('/d/a')).rejects.toMatchObject({ code: 'ENOENT' });
      });

      it('matches a string filter exactly', async () => {
        const { fs } = setup({ ms: 1000, path: '/d/a' });
        await fs.unlink('/d/other');
        await fs.unlink('/d/a');
        await expect(fs.stat('/d/other')).rejects.toMatchObject({ code: 'ENOENT' });
        await expect(fs.stat('/d/a')).resolves.toBeDefined();
      });

      it('lets a real new file at the name win over the vanished one', async () => {
        const { fs, inner } = setup({ ms: 1000 });
        await fs.unlink('/d/a');
        await inner.writeFile('/d/a', 'fresh!');
        const read = await fs.read('/d/a', { maxBytes: 100 });
        expect(read.data).toBe('fresh!');
        const stats = await fs.stat('/d/a');
        expect(stats.size).toBe(6);
        expect((await fs.readdir('/d')).sort()).toEqual(['a', 'other']);
      });

      it('does not bring the vanished file back once the new one has been seen and removed', async () => {
        const { fs, inner } = setup({ ms: 1000 });
        await fs.unlink('/d/a');
        await inner.writeFile('/d/a', 'fresh!');
        await fs.stat('/d/a');
        await inner.unlink('/d/a');
        await expect(fs.stat('/d/a')).rejects.toMatchObject({ code: 'ENOENT' });
      });

      it('forgets the name when a rename puts a real file there', async () => {
        const { fs } = setup({ ms: 1000 });
        await fs.unlink('/d/a');
        await fs.rename('/d/other', '/d/a');
        await fs.unlink('/d/other').catch(() => undefined);
        expect((await fs.read('/d/a', { maxBytes: 100 })).data).toBe('o');
        expect(await fs.readdir('/d')).toEqual(['a']);
      });

      it('reports a failed unlink as the inner unlink reported it, leaving nothing visible', async () => {
        const { fs, inner } = setup({ ms: 1000 });
        const expected = await rejection(inner.unlink('/d/missing'));
        const error = await rejection(fs.unlink('/d/missing'));
        expect([error.code, error.syscall, error.path]).toEqual([
          expected.code,
          expected.syscall,
          expected.path,
        ]);
        await expect(fs.stat('/d/missing')).rejects.toMatchObject({ code: 'ENOENT' });
      });

      it('lets a translate rule rewrite the EEXIST it injects', async () => {
        const { fs } = setup({ ms: 1000 }, [
          { op: 'link', translate: { from: 'EEXIST', to: 'EPERM' } },
        ]);
        await fs.unlink('/d/a');
        await expect(fs.link('/d/other', '/d/a')).rejects.toMatchObject({ code: 'EPERM' });
      });
    });

    describe("mode 'late-return'", () => {
      it('removes the name at once but returns only after the delay', async () => {
        const { fs, clock, time, exists } = setup({ ms: 1000, mode: 'late-return' });
        const start = time.now();
        let returned = false;
        const unlinking = fs.unlink('/d/a').then(() => {
          returned = true;
        });
        const midway = clock.sleep(500).then(() => ({
          gone: !exists('/d/a'),
          returned,
          at: time.now() - start,
        }));
        expect(await midway).toEqual({ gone: true, returned: false, at: 500 });
        await unlinking;
        expect(time.now() - start).toBe(1000);
        expect(fs.history()[0]).toMatchObject({ op: 'unlink', outcome: 'ok' });
        expect(fs.history()[0]!.endedAt! - fs.history()[0]!.startedAt!).toBe(1000);
      });

      it('leaves no visible name behind', async () => {
        const { fs } = setup({ ms: 1000, mode: 'late-return' });
        await fs.unlink('/d/a');
        await expect(fs.stat('/d/a')).rejects.toMatchObject({ code: 'ENOENT' });
        expect(await fs.readdir('/d')).toEqual(['other']);
      });

      it('returns at once for unlinks the filter does not match', async () => {
        const { fs, time } = setup({ ms: 1000, mode: 'late-return', path: '/d/other' });
        const start = time.now();
        await fs.unlink('/d/a');
        expect(time.now()).toBe(start);
      });
    });

    describe('options', () => {
      it('without a clock are refused with a TypeError', () => {
        expect(() => new FaultyFs(memfsWorld().inner, { delayUnlink: { ms: 10 } })).toThrow(
          /need a `clock`/,
        );
      });

      it('with a negative or infinite ms are refused with a RangeError', () => {
        const { inner, clock } = memfsWorld();
        for (const ms of [-1, Number.POSITIVE_INFINITY, Number.NaN]) {
          expect(() => new FaultyFs(inner, { clock, delayUnlink: { ms } })).toThrow(RangeError);
        }
      });

      it('with an unknown mode are refused with a TypeError', () => {
        const { inner, clock } = memfsWorld();
        const delayUnlink = { ms: 10, mode: 'never' } as unknown as DelayedUnlinkOptions;
        expect(() => new FaultyFs(inner, { clock, delayUnlink })).toThrow(
          new TypeError("FaultyFs delayUnlink.mode must be 'visible' or 'late-return'"),
        );
      });
    });
  });
});
