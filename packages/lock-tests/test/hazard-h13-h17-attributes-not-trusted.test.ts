import { type FsAdapter, parseRecord } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { LyingStatsFs } from './support/lying-stats-fs.js';
import { World } from './support/world.js';

const SHORT = { lifetime: 3_000, clockSlop: 1_000 };

// The anchors keep the expiry in the lock file's mtime: 1 s granularity on sshfs, 2 s on FAT,
// `utimes` needs ownership, and a second client may see an mtime up to a minute old.
describe('H13: mtime granularity and utimes permissions', () => {
  it('keeps the expiry in the record content, refreshed in place, so a 2 s mtime granularity does not matter', async () => {
    const world = new World();
    const fat = (fs: FsAdapter) =>
      new LyingStatsFs(fs, { mtimeGranularityMs: 2_000 }, { mtimeResolutionMs: 2_000 });
    const holder = world.process('holder', { wrap: fat, lock: SHORT });
    const waiter = world.process('waiter', { hostname: 'host-b', wrap: fat, lock: SHORT });
    await holder.lock.lock();
    const first = parseRecord(world.read('jobs.lock'))!;
    await expect(waiter.lock.lock({ timeout: 20_000 })).rejects.toMatchObject({
      code: 'ELOCKTIMEOUT',
    });
    const later = parseRecord(world.read('jobs.lock'))!;
    expect(later.nonce).toBe(first.nonce);
    expect(later.expiresAt).toBeGreaterThan(first.expiresAt + 15_000); // refreshed in the content
    expect(world.read('jobs.lock')).toHaveLength(world.read(later.claim).length); // one inode, same length
    expect(await holder.lock.isLocked()).toBe(true);
    await holder.lock.unlock();
  });
});

describe('H17: cached attributes make a live lock look expired', () => {
  it('a waiter whose stats are a minute stale never breaks a live, refreshed lock', async () => {
    const world = new World();
    const cached = (fs: FsAdapter) =>
      new LyingStatsFs(fs, { cacheMs: 60_000, now: () => world.time.now() }, {});
    const holder = world.process('holder', { lock: SHORT });
    const waiter = world.process('waiter', { hostname: 'host-b', wrap: cached, lock: SHORT });
    await holder.lock.lock();
    await expect(waiter.lock.lock({ timeout: 50_000 })).rejects.toMatchObject({
      code: 'ELOCKTIMEOUT',
    });
    expect(await holder.lock.isLocked()).toBe(true);
    expect(waiter.fs.history({ op: 'rename' }).length).toBe(0);
    await holder.lock.unlock();
  });

  it('judges from content: a crashed holder is broken after lifetime + slop even though stats never change', async () => {
    const world = new World();
    const cached = (fs: FsAdapter) =>
      new LyingStatsFs(fs, { cacheMs: 60_000, now: () => world.time.now() }, {});
    const holder = world.process('holder', {
      hostname: 'host-z',
      lock: { ...SHORT, autoRefresh: false },
    });
    const waiter = world.process('waiter', { hostname: 'host-b', wrap: cached, lock: SHORT });
    await holder.lock.lock();
    const start = world.time.now();
    await waiter.lock.lock({ timeout: 50_000 });
    expect(world.time.now() - start).toBeGreaterThanOrEqual(SHORT.lifetime + SHORT.clockSlop);
    await waiter.lock.unlock();
  });
});
