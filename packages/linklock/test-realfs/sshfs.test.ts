import { join } from 'node:path';
import { FaultyFs } from '@linklock/faulty';
import { createLock, type FsAdapter, NodeFsAdapter } from 'linklock';
import { afterEach, describe, expect, it } from 'vitest';
import { killAllFixtures } from '../test/support/fixture-process.js';
import { contend } from './contention.js';
import { useScene } from './realfs.js';

// sshfs (docs/guarantees.md): hard links work, but stat() says nlink 1 for every file and the two
// names of one file have different inode numbers; link onto a name this mount has not looked up
// yet fails with EPERM, not EEXIST; attributes can be ~20 s old while content is fresh.
const scene = useScene();
afterEach(killAllFixtures);

/** `fs` recording the error code of every failed link. */
function recordingLinkErrors(fs: FsAdapter, codes: string[]): FsAdapter {
  return new Proxy(fs, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property !== 'link') return value.bind(target);
      return async (from: string, to: string) => {
        try {
          return await value.call(target, from, to);
        } catch (error) {
          codes.push((error as { code?: string }).code ?? 'unknown');
          throw error;
        }
      };
    },
  });
}

describe('sshfs over loopback', () => {
  it('the detected adapter declares that nlink and inode numbers cannot be trusted there', async () => {
    const { ssh, backing } = scene();
    const adapter = await NodeFsAdapter.forDirectory(ssh);
    expect(adapter.filesystem?.fsType).toBe('fuse.sshfs');
    expect(adapter.capabilities).toMatchObject({
      hardLinks: true,
      reliableNlink: false,
      reliableIno: false,
    });
    // And it does lie: a held lock file (two names) shows nlink 1 and two inode numbers.
    const lock = createLock(join(ssh, 'jobs.lock'), { fs: adapter });
    await lock.lock();
    const names = (await adapter.readdir(ssh)).filter((name) => name.startsWith('jobs.lock'));
    expect(names).toHaveLength(2);
    const stats = await Promise.all(names.map((name) => adapter.stat(join(ssh, name))));
    expect(stats.map((stat) => stat.nlink)).toEqual([1, 1]);
    expect(stats[0]?.ino).not.toBe(stats[1]?.ino);
    expect(await lock.isLocked()).toBe(true);
    await lock.unlock();
    expect((await NodeFsAdapter.forDirectory(backing)).capabilities.reliableNlink).toBe(true);
  });

  it('2 processes on the sshfs mount and 2 on the backing directory: exact count, no overlap', async () => {
    const { ssh, backing, counter } = scene();
    const contenders = [ssh, ssh, backing, backing].map((dir) => ({
      lockfile: join(dir, 'jobs.lock'),
      iterations: 100,
      options: ['--detect'],
    }));
    const outcome = await contend(contenders, counter, backing, 240_000);
    expect(outcome.overlaps).toEqual([]);
    expect(outcome.problems).toEqual([]);
    expect(outcome.counter).toBe(400);
    expect(outcome.leftovers).toEqual([]);
  }, 300_000);

  it('link onto a held lock from the sshfs mount is contention, whatever it answers (EEXIST or EPERM, H18)', async () => {
    const { ssh, backing } = scene();
    const holder = createLock(join(backing, 'jobs.lock'));
    await holder.lock();
    const codes: string[] = [];
    const fs = recordingLinkErrors(await NodeFsAdapter.forDirectory(ssh), codes);
    const waiter = createLock(join(ssh, 'jobs.lock'), { fs });
    expect(await waiter.tryLock()).toBe(false);
    // This machine's sshfs 3.7 answers EEXIST; the EPERM that sshfs gives for a name its
    // caches say is absent is the next test's.
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((code) => code === 'EEXIST' || code === 'EPERM')).toBe(true);
    await holder.unlock();
    expect(await waiter.tryLock()).toBe(true);
    await waiter.unlock();
  });

  it('EPERM from link on the sshfs mount while a lock file exists: waits, then acquires; never "unsupported"', async () => {
    const { ssh, backing } = scene();
    const holder = createLock(join(backing, 'jobs.lock'));
    await holder.lock();
    // The real sshfs mount, with its EEXIST from link reported as EPERM (what sshfs answers
    // when its own caches believe the name absent).
    const fs = new FaultyFs(await NodeFsAdapter.forDirectory(ssh), {
      rules: [{ op: 'link', translate: { from: 'EEXIST', to: 'EPERM' } }],
    });
    const waiter = createLock(join(ssh, 'jobs.lock'), {
      fs,
      retry: { minDelay: 10, maxDelay: 50 },
    });
    expect(await waiter.tryLock()).toBe(false);
    const waiting = waiter.lock({ timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await holder.unlock();
    await waiting;
    expect(fs.history().some((entry) => entry.op === 'link' && entry.outcome === 'EPERM')).toBe(
      true,
    );
    await waiter.unlock();
  });

  it('a waiter on sshfs polling for 30 s never breaks a live lock refreshed through the backing directory', async () => {
    const { ssh, backing } = scene();
    const short = { lifetime: 3_000, clockSlop: 1_000 };
    const losses: unknown[] = [];
    const holder = createLock(join(backing, 'jobs.lock'), {
      ...short,
      onCompromised: (e) => losses.push(e),
    });
    await holder.lock();
    const waiter = createLock(join(ssh, 'jobs.lock'), {
      ...short,
      fs: await NodeFsAdapter.forDirectory(ssh),
      retry: { minDelay: 50, maxDelay: 500 },
    });
    await expect(waiter.lock({ timeout: 30_000 })).rejects.toMatchObject({ code: 'ELOCKTIMEOUT' });
    expect(losses).toEqual([]);
    expect(await holder.isLocked()).toBe(true);
    await holder.unlock();
  }, 60_000);
});
