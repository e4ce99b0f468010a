import type { FsAdapter } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { ClippedReadsFs } from './support/clipped-reads-fs.js';
import { LOCKFILE, World } from './support/world.js';

const SHORT = { lifetime: 3_000, clockSlop: 1_000 };

// bindfs and sshfs cache a file's size with its attributes; when the lock path comes to name a
// file with a longer record (a pid with one more digit, a reader's claim name), a read is
// clipped at the old size until the cache times out (2 s with the realfs tier's bindfs views).
describe('H17: a read clipped at a cached size', () => {
  it('reads the holder again until the record shows whole, and waits for it as for any holder', async () => {
    const world = new World();
    const clippedUntil = world.time.now() + 2_000;
    const clipped = (fs: FsAdapter) =>
      new ClippedReadsFs(fs, LOCKFILE, 1, () => world.time.now() < clippedUntil);
    const holder = world.process('holder', { lock: SHORT });
    const waiter = world.process('waiter', { hostname: 'host-b', wrap: clipped, lock: SHORT });
    await holder.lock.lock();

    const waiting = waiter.lock.lock({ timeout: 10_000 });
    await world.time.sleep(2_500);
    await holder.lock.unlock();
    await waiting;

    expect(waiter.lock.held).toBe(true);
    expect(waiter.fs.history({ op: 'read', path: LOCKFILE }).length).toBeGreaterThan(2);
    await waiter.lock.unlock();
  });

  it('calls a record that stays cut short foreign after a few seconds, and leaves it', async () => {
    const world = new World();
    const clipped = (fs: FsAdapter) => new ClippedReadsFs(fs, LOCKFILE, 1, () => true);
    const holder = world.process('holder', { lock: SHORT });
    const waiter = world.process('waiter', { hostname: 'host-b', wrap: clipped, lock: SHORT });
    await holder.lock.lock();
    const start = world.time.now();

    await expect(waiter.lock.lock({ timeout: 60_000 })).rejects.toMatchObject({
      code: 'ELOCKFOREIGN',
    });

    const elapsed = world.time.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(3_000);
    expect(elapsed).toBeLessThan(10_000);
    expect(await holder.lock.isLocked()).toBe(true);
    await holder.lock.unlock();
  });

  // The fencing counter is replaced by rename, so its name leads to a longer file when the
  // token gains a digit: "9\n" cached, "10\n" clipped to "10". Read whole later: a token above it.
  it('reads a fencing counter cut short again, and hands out a token above the whole one', async () => {
    const world = new World();
    const counter = `${LOCKFILE}.fence`;
    const clippedUntil = { at: 0 };
    const clipped = (fs: FsAdapter) =>
      new ClippedReadsFs(fs, counter, 1, () => world.time.now() < clippedUntil.at);
    const earlier = world.process('earlier', { lock: { fencing: true } });
    for (let i = 0; i < 12; i += 1) {
      await earlier.lock.lock();
      await earlier.lock.unlock();
    }
    const later = world.process('later', { wrap: clipped, lock: { fencing: true } });
    clippedUntil.at = world.time.now() + 1_000;
    await later.lock.lock();
    expect(later.lock.fencingToken).toBe(13);
    expect(later.fs.history({ op: 'read', path: counter }).length).toBeGreaterThan(1);
    await later.lock.unlock();
  });
});
