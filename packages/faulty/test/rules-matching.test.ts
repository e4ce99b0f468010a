import { type CallContext, type FaultRule, FaultyFs, OPS } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';
import { memfsWorld, rejection } from './support/fixture.js';

function setup(rules: FaultRule[], withClock = false) {
  const world = memfsWorld();
  const fs = new FaultyFs(world.inner, withClock ? { rules, clock: world.clock } : { rules });
  return { ...world, fs };
}

/** The outcome of each call, made one after the other: 'ok' or the error code. */
async function outcomes(calls: Array<() => Promise<unknown>>): Promise<string[]> {
  const results: string[] = [];
  for (const call of calls) {
    results.push(
      await call().then(
        () => 'ok',
        (error: NodeJS.ErrnoException) => error.code ?? 'error',
      ),
    );
  }
  return results;
}

describe(FaultyFs, () => {
  describe('rules', () => {
    describe('path', () => {
      it('as a string matches that exact path only', async () => {
        const { fs, volume } = setup([{ op: 'stat', path: '/d/a', errno: 'EIO' }]);
        volume.writeFileSync('/d/ab', '');
        volume.mkdirSync('/d/a2');
        volume.writeFileSync('/d/a2/a', '');
        const codes = await outcomes([
          () => fs.stat('/d/ab'),
          () => fs.stat('/d/a2/a'),
          () => fs.stat('/d/a'),
          () => fs.stat('/d/a2'),
        ]);
        expect(codes).toEqual(['ok', 'ok', 'EIO', 'ok']);
      });

      it('as a RegExp matches every path it tests true on', async () => {
        const { fs, volume } = setup([{ op: 'stat', path: /\.lock$/, errno: 'EIO' }]);
        volume.writeFileSync('/d/x.lock', '');
        volume.writeFileSync('/d/x.lock.tmp', '');
        const codes = await outcomes([
          () => fs.stat('/d/x.lock'),
          () => fs.stat('/d/x.lock.tmp'),
          () => fs.stat('/d/a'),
          () => fs.stat('/d/other.lock'),
        ]);
        expect(codes).toEqual(['EIO', 'ok', 'ok', 'EIO']);
      });

      it('is matched against the new name of a link', async () => {
        const { fs, exists } = setup([
          { op: 'link', path: '/d/a', errno: 'EIO' },
          { op: 'link', path: '/d/b', errno: 'EPERM' },
        ]);
        await expect(fs.link('/d/a', '/d/b')).rejects.toMatchObject({ code: 'EPERM' });
        await expect(fs.link('/d/a', '/d/c')).resolves.toBeUndefined();
        expect(exists('/d/c')).toBe(true);
      });

      it('is matched against the old name of a rename', async () => {
        const { fs, exists } = setup([
          { op: 'rename', path: '/d/c', errno: 'EIO' },
          { op: 'rename', path: '/d/a', errno: 'EXDEV' },
        ]);
        await expect(fs.rename('/d/a', '/d/c')).rejects.toMatchObject({ code: 'EXDEV' });
        expect(exists('/d/a')).toBe(true);
      });

      it('without one, every path matches', async () => {
        const { fs } = setup([{ op: 'stat', errno: 'EIO' }]);
        expect(
          await outcomes([() => fs.stat('/d/a'), () => fs.stat('/d'), () => fs.stat('/nowhere')]),
        ).toEqual(['EIO', 'EIO', 'EIO']);
      });
    });

    describe('op', () => {
      it('as an array matches each operation listed and no other', async () => {
        const { fs } = setup([{ op: ['stat', 'readdir'], errno: 'EIO' }]);
        const codes = await outcomes([
          () => fs.stat('/d/a'),
          () => fs.readdir('/d'),
          () => fs.read('/d/a', { maxBytes: 10 }),
          () => fs.link('/d/a', '/d/b'),
        ]);
        expect(codes).toEqual(['EIO', 'EIO', 'ok', 'ok']);
      });

      it("as '*' matches every operation", async () => {
        const { inner, volume } = memfsWorld();
        const timed = Object.assign(inner, {
          utimes: async (path: string, mtimeMs: number) =>
            volume.utimesSync(path, mtimeMs / 1000, mtimeMs / 1000),
        });
        const fs = new FaultyFs(timed, { rules: [{ op: '*', errno: 'EROFS' }] });
        const codes = await outcomes([
          () => fs.writeFile('/d/n', 'x'),
          () => fs.read('/d/a', { maxBytes: 10 }),
          () => fs.writeAt('/d/a', 0, 'x'),
          () => fs.link('/d/a', '/d/b'),
          () => fs.unlink('/d/a'),
          () => fs.rename('/d/a', '/d/c'),
          () => fs.stat('/d/a'),
          () => fs.readdir('/d'),
          () => fs.utimes!('/d/a', 0),
        ]);
        expect(codes).toEqual(OPS.map(() => 'EROFS'));
        expect(fs.history().map((entry) => entry.op)).toEqual([...OPS]);
      });
    });

    describe('when', () => {
      it('sees the op, the subject path, every path, the call number and the time', async () => {
        const seen: CallContext[] = [];
        const { fs, time } = setup(
          [
            {
              op: '*',
              errno: 'EIO',
              when: (call) => {
                seen.push({ ...call, paths: [...call.paths] });
                return false;
              },
            },
          ],
          true,
        );
        const start = time.now();
        await fs.stat('/d/a');
        time.advance(250);
        await fs.link('/d/a', '/d/b');
        await fs.rename('/d/b', '/d/c');
        expect(seen).toEqual([
          { op: 'stat', path: '/d/a', paths: ['/d/a'], call: 1, now: start },
          { op: 'link', path: '/d/b', paths: ['/d/a', '/d/b'], call: 2, now: start + 250 },
          { op: 'rename', path: '/d/b', paths: ['/d/b', '/d/c'], call: 3, now: start + 250 },
        ]);
      });

      it('sees no time without a clock', async () => {
        const seen: Array<number | undefined> = [];
        const { fs } = setup([
          {
            op: 'stat',
            errno: 'EIO',
            when: (call) => {
              seen.push(call.now);
              return false;
            },
          },
        ]);
        await fs.stat('/d/a');
        expect(seen).toEqual([undefined]);
      });

      it('decides whether the rule concerns the call', async () => {
        const { fs } = setup([{ op: 'stat', errno: 'EIO', when: (call) => call.call % 2 === 0 }]);
        const codes = await outcomes([1, 2, 3, 4, 5].map(() => () => fs.stat('/d/a')));
        expect(codes).toEqual(['ok', 'EIO', 'ok', 'EIO', 'ok']);
      });

      it('counts calls of every operation and path in the call number', async () => {
        const { fs } = setup([{ op: 'stat', errno: 'EIO', when: (call) => call.call === 3 }]);
        const codes = await outcomes([
          () => fs.stat('/d/a'),
          () => fs.readdir('/d'),
          () => fs.stat('/d/a'),
          () => fs.stat('/d/a'),
        ]);
        expect(codes).toEqual(['ok', 'ok', 'EIO', 'ok']);
      });
    });

    describe('order', () => {
      it('the first rule that fires decides the call', async () => {
        const { fs } = setup([
          { op: 'stat', errno: 'EIO', name: 'first' },
          { op: 'stat', errno: 'ESTALE', name: 'second' },
        ]);
        const error = await rejection(fs.stat('/d/a'));
        expect(error.code).toBe('EIO');
        expect(fs.history()[0]?.fault).toBe('first');
      });

      it('a rule that does not fire lets the next one decide', async () => {
        const { fs } = setup([
          { op: 'stat', errno: 'EIO', nth: 2 },
          { op: 'stat', errno: 'ESTALE' },
        ]);
        expect(
          await outcomes([() => fs.stat('/d/a'), () => fs.stat('/d/a'), () => fs.stat('/d/a')]),
        ).toEqual(['ESTALE', 'EIO', 'ESTALE']);
      });

      it('a rule for another path or operation does not stand in the way', async () => {
        const { fs } = setup([
          { op: 'stat', path: '/d/other', errno: 'EIO' },
          { op: 'readdir', errno: 'EACCES' },
          { op: 'stat', errno: 'ESTALE' },
        ]);
        expect(await outcomes([() => fs.stat('/d/a')])).toEqual(['ESTALE']);
      });

      it('rules added later are tried after the earlier ones', async () => {
        const { fs } = setup([{ op: 'stat', errno: 'EIO', times: 1 }]);
        fs.addRule({ op: 'stat', errno: 'ESTALE' });
        expect(await outcomes([() => fs.stat('/d/a'), () => fs.stat('/d/a')])).toEqual([
          'EIO',
          'ESTALE',
        ]);
        expect(fs.history()[1]?.fault).toBe('rule #2');
      });
    });
  });
});
