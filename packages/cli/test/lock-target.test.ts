import { resolve } from 'node:path';
import type { Lock, ReadWriteLock } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { closingAfter, type LockTarget, openLockTarget } from '../src/targets/lock-target.js';
import { nfsUrlOptions } from '../src/targets/nfs-url-options.js';
import { UsageError } from '../src/usage-error.js';

/** A target that counts its closes; its locks are never touched. */
function countingTarget(): LockTarget & { closes: number } {
  return {
    name: 'nfs://server/export/job.lock',
    lock: {} as Lock,
    readWriteLock: {} as ReadWriteLock,
    async isShared() {
      return false;
    },
    closes: 0,
    async requireDirectory() {},
    async describeForeign() {
      return 'a directory';
    },
    async close() {
      this.closes += 1;
    },
  };
}

describe('closingAfter', () => {
  it("closes the target once the command's body resolved, and passes its result on", async () => {
    const target = countingTarget();
    expect(await closingAfter(target, async () => 75)).toBe(75);
    expect(target.closes).toBe(1);
  });

  it('closes the target when the body threw, and rethrows what it threw', async () => {
    const target = countingTarget();
    const failure = Object.assign(new Error('the directory is gone'), { code: 'ENOENT' });
    await expect(
      closingAfter(target, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(target.closes).toBe(1);
  });
});

describe('openLockTarget', () => {
  it('a local path: named by its absolute path, as before', async () => {
    const target = await openLockTarget('status', 'some/dir/job.lock', {});
    expect(target.name).toBe(resolve('some/dir/job.lock'));
    expect(target.lock.lockfile).toBe(resolve('some/dir/job.lock'));
  });

  it('a malformed nfs:// URL is a usage error of the command, before any connection', async () => {
    for (const url of [
      'nfs://',
      'nfs://server/export/job.lock?colour=blue',
      'nfs://server:0/export/job.lock',
      'nfs://server/export/job.lock?uid=-1',
    ]) {
      const opening = openLockTarget('break', url, {});
      await expect(opening, url).rejects.toBeInstanceOf(UsageError);
      await expect(opening, url).rejects.toMatchObject({
        command: 'break',
        message: expect.stringContaining(`the NFS URL "${url}"`),
      });
    }
  });
});

describe('nfsUrlOptions', () => {
  it('is soft unless the URL says soft=0: a command must end when the server falls silent', () => {
    expect(nfsUrlOptions('run', 'nfs://nas/srv/job.lock').soft).toBe(true);
    expect(nfsUrlOptions('run', 'nfs://nas/srv/job.lock?soft=0').soft).toBe(false);
    expect(nfsUrlOptions('run', 'nfs://nas/srv/job.lock?soft=1&retrans=1')).toMatchObject({
      soft: true,
      retrans: 1,
    });
  });

  it('makes a malformed URL a usage error of the command', () => {
    expect(() => nfsUrlOptions('status', 'nfs://nas/srv/job.lock?port=1')).toThrow(UsageError);
  });
});
