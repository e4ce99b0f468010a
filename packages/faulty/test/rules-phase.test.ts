import type { FsAdapter } from '@linklock/core';
import { FaultyFs, type Op } from '@linklock/faulty';
import { describe, expect, it, vi } from 'vitest';
import { memfsWorld, rejection } from './support/fixture.js';

type World = ReturnType<typeof memfsWorld>;

/** The operations of every FsAdapter (`utimes` has tests of its own: utimes.test.ts). */
type AdapterOp = Exclude<Op, 'utimes'>;

interface OpCase {
  op: AdapterOp;
  /** The path the call is about, where a rule's `path` is matched. */
  subject: string;
  call(fs: FsAdapter): Promise<unknown>;
  /** Whether the call changed the files (for the operations that only look: false). */
  changed(world: World): boolean;
}

// In every case `/d/a` holds "abc" beforehand.
const CASES: OpCase[] = [
  {
    op: 'writeFile',
    subject: '/d/new',
    call: (fs) => fs.writeFile('/d/new', 'x', { exclusive: true }),
    changed: (w) => w.exists('/d/new'),
  },
  {
    op: 'read',
    subject: '/d/a',
    call: (fs) => fs.read('/d/a', { maxBytes: 100 }),
    changed: () => false,
  },
  {
    op: 'writeAt',
    subject: '/d/a',
    call: (fs) => fs.writeAt('/d/a', 0, 'X'),
    changed: (w) => w.content('/d/a') === 'Xbc',
  },
  {
    op: 'link',
    subject: '/d/b',
    call: (fs) => fs.link('/d/a', '/d/b'),
    changed: (w) => w.exists('/d/b'),
  },
  {
    op: 'unlink',
    subject: '/d/a',
    call: (fs) => fs.unlink('/d/a'),
    changed: (w) => !w.exists('/d/a'),
  },
  {
    op: 'rename',
    subject: '/d/a',
    call: (fs) => fs.rename('/d/a', '/d/c'),
    changed: (w) => w.exists('/d/c') && !w.exists('/d/a'),
  },
  { op: 'stat', subject: '/d/a', call: (fs) => fs.stat('/d/a'), changed: () => false },
  { op: 'readdir', subject: '/d', call: (fs) => fs.readdir('/d'), changed: () => false },
];

function setup(rule: { op: AdapterOp; errno: string; phase?: 'before' | 'after' }) {
  const world = memfsWorld();
  const innerCall = vi.spyOn(world.inner, rule.op);
  const fs = new FaultyFs(world.inner, { rules: [rule] });
  return { ...world, fs, innerCall };
}

describe(FaultyFs, () => {
  describe('rules', () => {
    describe("phase 'before' (the default)", () => {
      for (const c of CASES) {
        it(`fails ${c.op} with the errno without calling the inner adapter`, async () => {
          const { fs, innerCall, ...world } = setup({ op: c.op, errno: 'EIO' });
          const error = await rejection(c.call(fs));
          expect(error.code).toBe('EIO');
          expect(error.path).toBe(c.subject);
          expect(innerCall).not.toHaveBeenCalled();
          expect(c.changed(world)).toBe(false);
          expect(fs.history()[0]).toMatchObject({ op: c.op, outcome: 'EIO', injected: true });
          expect(fs.history()[0]?.tookEffect).toBeUndefined();
        });
      }

      it('link: no new name exists afterwards', async () => {
        const { fs, exists, volume } = setup({ op: 'link', errno: 'EEXIST' });
        await expect(fs.link('/d/a', '/d/b')).rejects.toMatchObject({ code: 'EEXIST' });
        expect(exists('/d/b')).toBe(false);
        expect(volume.statSync('/d/a').nlink).toBe(1);
      });

      it('writeFile: no file is created', async () => {
        const { fs, exists } = setup({ op: 'writeFile', errno: 'ENOSPC' });
        await expect(fs.writeFile('/d/new', 'data')).rejects.toMatchObject({ code: 'ENOSPC' });
        expect(exists('/d/new')).toBe(false);
      });

      it('writeFile: an existing file keeps its content', async () => {
        const { fs, content } = setup({ op: 'writeFile', errno: 'EIO' });
        await expect(fs.writeFile('/d/a', 'replaced')).rejects.toMatchObject({ code: 'EIO' });
        expect(content('/d/a')).toBe('abc');
      });
    });

    describe("phase 'after' (the lost reply)", () => {
      for (const c of CASES) {
        it(`lets ${c.op} take effect, then fails it with the errno`, async () => {
          const { fs, innerCall, ...world } = setup({ op: c.op, errno: 'EIO', phase: 'after' });
          const error = await rejection(c.call(fs));
          expect(error.code).toBe('EIO');
          expect(innerCall).toHaveBeenCalledTimes(1);
          if (c.op !== 'read' && c.op !== 'stat' && c.op !== 'readdir') {
            expect(c.changed(world)).toBe(true);
          }
          expect(fs.history()[0]).toMatchObject({
            op: c.op,
            outcome: 'EIO',
            injected: true,
            tookEffect: true,
          });
        });
      }

      it('link: the new name exists, yet the caller got the errno', async () => {
        const { fs, exists, volume } = setup({ op: 'link', errno: 'EEXIST', phase: 'after' });
        await expect(fs.link('/d/a', '/d/b')).rejects.toMatchObject({ code: 'EEXIST' });
        expect(exists('/d/b')).toBe(true);
        expect(volume.statSync('/d/b').ino).toBe(volume.statSync('/d/a').ino);
      });

      it('unlink: the name is gone, yet the caller got the errno', async () => {
        const { fs, exists } = setup({ op: 'unlink', errno: 'ETIMEDOUT', phase: 'after' });
        await expect(fs.unlink('/d/a')).rejects.toMatchObject({ code: 'ETIMEDOUT' });
        expect(exists('/d/a')).toBe(false);
      });

      it('only strikes a call that succeeded: a real failure is reported as it is', async () => {
        const { fs, exists } = setup({ op: 'link', errno: 'EIO', phase: 'after' });
        await fs.writeFile('/d/b', 'taken');
        await expect(fs.link('/d/a', '/d/b')).rejects.toMatchObject({ code: 'EEXIST' });
        expect(fs.history()[1]).toMatchObject({ outcome: 'EEXIST', injected: false });
        expect(fs.history()[1]?.tookEffect).toBeUndefined();
        await expect(fs.link('/d/a', '/d/c')).rejects.toMatchObject({ code: 'EIO' });
        expect(exists('/d/c')).toBe(true);
      });
    });

    it('leave operations no rule names alone', async () => {
      const { fs, exists } = setup({ op: 'link', errno: 'EIO' });
      await fs.writeFile('/d/new', 'x');
      await fs.unlink('/d/a');
      expect(exists('/d/new')).toBe(true);
      expect(exists('/d/a')).toBe(false);
    });
  });
});
