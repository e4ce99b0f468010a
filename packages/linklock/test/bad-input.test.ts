import {
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultyFs, type Op } from '@linklock/faulty';
import {
  createLock,
  encodeRecord,
  ForeignLockFileError,
  NodeFsAdapter,
  nodeIdentity,
} from 'linklock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let dir: string;
let lockfile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'linklock-bad-input-'));
  lockfile = join(dir, 'jobs.lock');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const files = () => readdirSync(dir).sort();

/** A lock of a crashed holder on another host, long expired: acquiring it exercises the break path. */
function plantExpiredLock(): string[] {
  const claim = 'jobs.lock.claim.host-z.4242.deadholder1';
  const record = {
    hostname: 'host-z',
    pid: 4242,
    bootId: undefined,
    pidNamespace: undefined,
    timeSource: 'local' as const,
    claim,
    nonce: 'deadholder1',
    token: 0,
    expiresAt: Date.now() - 3_600_000,
  };
  writeFileSync(join(dir, claim), encodeRecord(record));
  linkSync(join(dir, claim), lockfile);
  return files();
}

describe('bad input on the real filesystem', () => {
  describe('paths', () => {
    it.each([
      ['an empty path', ''],
      ['a non-string path', 7],
      ['a NUL byte', 'a\0b.lock'],
    ])('%s: TypeError, nothing written', (_what, path) => {
      expect(() => createLock(path as string)).toThrow(TypeError);
    });

    it('a missing directory: ENOENT naming the path', async () => {
      const lock = createLock(join(dir, 'missing', 'jobs.lock'));
      const error = await lock.lock().catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'ENOENT',
        syscall: 'open',
        message: `cannot lock ${join(dir, 'missing', 'jobs.lock')}: the directory ${join(dir, 'missing')} does not exist (ENOENT)`,
      });
      expect(String((error as { path: string }).path)).toContain(join(dir, 'missing'));
      expect(files()).toEqual([]);
    });

    it('a name too long (256 bytes): ENAMETOOLONG when the lock is made, nothing written', () => {
      expect(() => createLock(join(dir, `${'x'.repeat(251)}.lock`))).toThrow(
        expect.objectContaining({ name: 'RangeError', code: 'ENAMETOOLONG' }),
      );
      expect(files()).toEqual([]);
    });

    it('the lock path is a directory: ForeignLockFileError, directory intact', async () => {
      mkdirSync(lockfile);
      writeFileSync(join(lockfile, 'inside'), 'x');
      await expect(createLock(lockfile).lock()).rejects.toBeInstanceOf(ForeignLockFileError);
      expect(readFileSync(join(lockfile, 'inside'), 'utf8')).toBe('x');
      expect(files()).toEqual(['jobs.lock']);
    });

    it('a symlink at the lock path: not followed, target untouched, ForeignLockFileError', async () => {
      const target = join(dir, 'target');
      writeFileSync(target, 'precious');
      symlinkSync(target, lockfile);
      await expect(createLock(lockfile).lock()).rejects.toBeInstanceOf(ForeignLockFileError);
      await expect(createLock(lockfile).tryLock()).rejects.toBeInstanceOf(ForeignLockFileError);
      expect(readFileSync(target, 'utf8')).toBe('precious');
      expect(lstatSync(lockfile).isSymbolicLink()).toBe(true);
      expect(files()).toEqual(['jobs.lock', 'target']);
    });

    it.each([
      ['an unrelated file', Buffer.from('12345\n')],
      [
        '1 MiB of binary',
        Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * 7919) & 0xff)),
      ],
    ])('%s at the lock path: ForeignLockFileError, file untouched', async (_what, content) => {
      writeFileSync(lockfile, content);
      await expect(createLock(lockfile).lock({ timeout: 100 })).rejects.toMatchObject({
        code: 'ELOCKFOREIGN',
      });
      expect(Buffer.compare(readFileSync(lockfile), content)).toBe(0);
      expect(files()).toEqual(['jobs.lock']);
    });
  });

  describe('options', () => {
    it.each([
      ['lifetime', { lifetime: -1 }],
      ['lifetime', { lifetime: Number.NaN }],
      ['lifetime', { lifetime: Number.POSITIVE_INFINITY }],
      ['clockSlop', { clockSlop: Number.NEGATIVE_INFINITY }],
      ['retry.minDelay', { retry: { minDelay: -10 } }],
      ['retry.maxDelay', { retry: { maxDelay: Number.POSITIVE_INFINITY } }],
    ])('a bad %s: RangeError naming it', (name, options) => {
      expect(() => createLock(lockfile, options)).toThrow(RangeError);
      expect(() => createLock(lockfile, options)).toThrow(name);
    });

    it('a negative or NaN timeout: RangeError naming `timeout`, nothing written', async () => {
      await expect(createLock(lockfile).lock({ timeout: -1 })).rejects.toThrow(/`timeout`/);
      await expect(createLock(lockfile).lock({ timeout: Number.NaN })).rejects.toThrow(RangeError);
      expect(files()).toEqual([]);
    });
  });

  describe('filesystem errors at each step of acquire', () => {
    const steps: Op[] = ['writeFile', 'stat', 'writeAt', 'link', 'read', 'rename'];
    const codes = ['EACCES', 'EROFS', 'ENOSPC', 'EIO'];
    for (const op of steps) {
      for (const code of codes) {
        it(`${code} from ${op}: propagates with its code and path, our files are gone`, async () => {
          const before = plantExpiredLock();
          const fs = new FaultyFs(new NodeFsAdapter(), {
            rules: [{ op, errno: code, times: 1 }],
          });
          const identity = nodeIdentity();
          const lock = createLock(lockfile, { fs, lifetime: 5_000 });
          const error = await lock.lock({ timeout: 1_000 }).catch((e: unknown) => e);
          expect(error).toMatchObject({ code });
          expect((error as { path?: string }).path).toEqual(expect.stringContaining(dir));
          expect(lock.held).toBe(false);
          const ours = files().filter(
            (name) => name.includes(`.${identity.pid}.`) || name.endsWith('.break'),
          );
          expect(ours).toEqual([]);
          // Whatever we did not get to is as it was; a completed break removed the dead lock.
          expect(files().every((name) => before.includes(name))).toBe(true);
        });
      }
    }
  });

  describe('filesystem errors while cleaning up after a break', () => {
    for (const code of ['EACCES', 'EROFS', 'ENOSPC', 'EIO']) {
      it(`${code} from unlink of the broken lock's tombstone: logged, retried by the sweep, the lock is taken`, async () => {
        plantExpiredLock();
        const fs = new FaultyFs(new NodeFsAdapter(), {
          rules: [{ op: 'unlink', errno: code, times: 1 }],
        });
        const warnings: string[] = [];
        const logger = {
          debug() {},
          info() {},
          warn: (message: string) => warnings.push(message),
          error() {},
        };
        const lock = createLock(lockfile, { fs, logger });
        await lock.lock({ timeout: 1_000 });
        expect(fs.history({ op: 'unlink' })[0]).toMatchObject({ outcome: code, injected: true });
        expect(warnings).toEqual([expect.stringMatching(/leftover/)]);
        await lock.unlock();
        expect(files()).toEqual([]);
      });
    }
  });

  describe('ownership', () => {
    it('unlock() of a lock another owner holds: NotLockedError, their file intact', async () => {
      const owner = createLock(lockfile);
      await owner.lock();
      const content = readFileSync(lockfile, 'utf8');
      await expect(createLock(lockfile).unlock()).rejects.toMatchObject({ code: 'ENOTLOCKED' });
      expect(readFileSync(lockfile, 'utf8')).toBe(content);
      await owner.unlock();
      expect(files()).toEqual([]);
    });

    it('abort during a wait: AbortError, no claim file', async () => {
      const owner = createLock(lockfile);
      await owner.lock();
      const controller = new AbortController();
      const waiting = createLock(lockfile).lock({ signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await expect(waiting).rejects.toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
      expect(files()).toHaveLength(2); // the owner's lock and claim
      await owner.unlock();
      expect(files()).toEqual([]);
    });

    it('timeout: 0 against an expired lock: breaks it and acquires', async () => {
      plantExpiredLock();
      const lock = createLock(lockfile);
      await lock.lock({ timeout: 0 });
      expect(await lock.isLocked()).toBe(true);
      await lock.unlock();
      expect(files()).toEqual([]);
    });
  });
});
