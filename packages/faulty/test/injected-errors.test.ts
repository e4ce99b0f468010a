import { lstat, mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FsAdapter } from '@linklock/core';
import { FsError } from '@linklock/core';
import { FaultyFs, nodeLikeError, type Op } from '@linklock/faulty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memfsWorld, rejection } from './support/fixture.js';

const ERRNO_NUMBERS: Array<[string, number, string]> = [
  ['EPERM', -1, 'operation not permitted'],
  ['ENOENT', -2, 'no such file or directory'],
  ['EIO', -5, 'i/o error'],
  ['EACCES', -13, 'permission denied'],
  ['EEXIST', -17, 'file already exists'],
  ['EXDEV', -18, 'cross-device link not permitted'],
  ['EFBIG', -27, 'file too large'],
  ['ENOSPC', -28, 'no space left on device'],
  ['EROFS', -30, 'read-only file system'],
  ['ETIMEDOUT', -110, 'connection timed out'],
  ['ESTALE', -116, 'stale file handle'],
];

const SYSCALLS: Array<[Op, string, string, (fs: FsAdapter) => Promise<unknown>]> = [
  ['writeFile', 'open', '/d/new', (fs) => fs.writeFile('/d/new', 'x')],
  ['read', 'open', '/d/a', (fs) => fs.read('/d/a', { maxBytes: 9 })],
  ['writeAt', 'write', '/d/a', (fs) => fs.writeAt('/d/a', 0, 'x')],
  ['link', 'link', '/d/b', (fs) => fs.link('/d/a', '/d/b')],
  ['unlink', 'unlink', '/d/a', (fs) => fs.unlink('/d/a')],
  ['rename', 'rename', '/d/a', (fs) => fs.rename('/d/a', '/d/c')],
  ['stat', 'lstat', '/d/a', (fs) => fs.stat('/d/a')],
  ['readdir', 'scandir', '/d', (fs) => fs.readdir('/d')],
];

describe(FaultyFs, () => {
  describe('injected errors', () => {
    let scratch: string;
    beforeAll(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'faulty-'));
    });
    afterAll(async () => {
      await rm(scratch, { recursive: true, force: true });
    });

    for (const [code, errno, description] of ERRNO_NUMBERS) {
      it(`${code} carries errno ${errno} and Node's description`, async () => {
        const fs = new FaultyFs(memfsWorld().inner, {
          rules: [{ op: 'unlink', errno: code }],
        });
        const error = await rejection(fs.unlink('/d/a'));
        expect(error).toMatchObject({ code, errno, syscall: 'unlink', path: '/d/a' });
        expect(error.message.startsWith(`${code}: ${description}, unlink '/d/a' (`)).toBe(true);
      });
    }

    for (const [op, syscall, path, call] of SYSCALLS) {
      it(`names syscall '${syscall}' and the subject path for ${op}`, async () => {
        const fs = new FaultyFs(memfsWorld().inner, { rules: [{ op, errno: 'EIO' }] });
        expect(await rejection(call(fs))).toMatchObject({ code: 'EIO', syscall, path });
      });
    }

    it('reads like the error node:fs throws for the same failed unlink', async () => {
      const path = join(scratch, 'missing');
      const real = await rejection(unlink(path));
      const fs = new FaultyFs(memfsWorld().inner, { rules: [{ op: 'unlink', errno: 'ENOENT' }] });
      const injected = await rejection(fs.unlink(path));
      expect(injected).toBeInstanceOf(Error);
      for (const key of ['code', 'errno', 'syscall', 'path'] as const) {
        expect(injected[key]).toBe(real[key]);
      }
      expect(injected.message.startsWith(`${real.message} (`)).toBe(true);
    });

    it('reads like the error node:fs throws for the same failed lstat', async () => {
      const path = join(scratch, 'missing');
      const real = await rejection(lstat(path));
      const fs = new FaultyFs(memfsWorld().inner, { rules: [{ op: 'stat', errno: 'ENOENT' }] });
      const injected = await rejection(fs.stat(path));
      expect([injected.code, injected.errno, injected.syscall, injected.path]).toEqual([
        real.code,
        real.errno,
        real.syscall,
        real.path,
      ]);
      expect(injected.message.startsWith(`${real.message} (`)).toBe(true);
    });

    it('says in its message which seed and which rule to replay', async () => {
      const fs = new FaultyFs(memfsWorld().inner, {
        seed: 4242,
        rules: [{ op: 'link', errno: 'EIO', name: 'lost reply', phase: 'after' }],
      });
      const error = await rejection(fs.link('/d/a', '/d/b'));
      expect(error.message).toBe(
        "EIO: i/o error, link '/d/b' (injected by FaultyFs seed 4242, lost reply, after it took effect)",
      );
    });

    it('names an unnamed rule by its position', async () => {
      const fs = new FaultyFs(memfsWorld().inner, {
        seed: 3,
        rules: [
          { op: 'readdir', errno: 'EIO' },
          { op: 'stat', errno: 'ESTALE' },
        ],
      });
      const error = await rejection(fs.stat('/d/a'));
      expect(error.message).toBe(
        "ESTALE: stale file handle, lstat '/d/a' (injected by FaultyFs seed 3, rule #2)",
      );
    });

    it('is an FsError, recognised by errno-code checks like any adapter error', async () => {
      const fs = new FaultyFs(memfsWorld().inner, { rules: [{ op: 'stat', errno: 'EACCES' }] });
      const error = await rejection(fs.stat('/d/a'));
      expect(error).toBeInstanceOf(FsError);
    });

    describe('nodeLikeError()', () => {
      it('builds the error from code, syscall, path and a note', () => {
        const error = nodeLikeError('EEXIST', 'link', '/x', 'why');
        expect(error).toMatchObject({ code: 'EEXIST', errno: -17, syscall: 'link', path: '/x' });
        expect(error.message).toBe("EEXIST: file already exists, link '/x' (why)");
      });

      it('leaves the parentheses out without a note', () => {
        expect(nodeLikeError('ENOENT', 'open', '/y').message).toBe(
          "ENOENT: no such file or directory, open '/y'",
        );
      });

      it('still builds an error for a code it does not know, with errno 0 (docs/faulty.md)', () => {
        const error = nodeLikeError('EWEIRD', 'open', '/z');
        expect(error.code).toBe('EWEIRD');
        expect(error.errno).toBe(0);
        expect(error.message).toBe("EWEIRD: injected error, open '/z'");
      });

      it('gives an injected error of an unknown code errno 0 too', async () => {
        const fs = new FaultyFs(memfsWorld().inner, { rules: [{ op: 'stat', errno: 'EWEIRD' }] });
        expect(await rejection(fs.stat('/d/a'))).toMatchObject({ code: 'EWEIRD', errno: 0 });
      });
    });
  });
});
