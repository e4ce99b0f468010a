import { describe, expect, it } from 'vitest';
import { flufl } from '../../src/algorithms/flufl.js';
import { CLOCK_SLOP_MS, LIFETIME_MS, LOCKFILE, World } from './support/world.js';

describe('flufl: the seed race (H1), half fixed', () => {
  it('still logs "unexpected linkcount: -1" and sleeps, but does not break on the -1 release time', async () => {
    const world = new World(flufl);
    const holder = world.process('holder');
    const waiter = world.process('waiter');
    await holder.lock.acquire(null);
    waiter.before('stat', LOCKFILE, () => holder.lock.release());

    expect(await waiter.lock.acquire(null)).toBe(true);

    expect(waiter.logger.messages('error')).toEqual(['unexpected linkcount: -1']);
    expect(waiter.trace()).toEqual([
      'writeFile claim ok',
      'utimes claim ok',
      'link lock EEXIST',
      'stat lock ENOENT', // _linkcount -> -1
      'stat lock ENOENT', // _linkcount again, for the log line
      'stat lock ENOENT', // _releasetime -> -1: no break
      'link lock ok', // only after a sleep
      'utimes claim ok',
    ]);
    expect(waiter.clock.sleeps).toHaveLength(1);
    await waiter.lock.release();
    expect(world.files()).toEqual([]);
  });
});

describe('flufl: the unserialised break (H2) is kept', () => {
  it("two waiters judge one expired lock; the second breaks the first one's fresh lock: two holders", async () => {
    const world = new World(flufl);
    const stale = world.process('stale');
    const first = world.process('first');
    const second = world.process('second');
    await stale.lock.acquire(null);
    world.time.advance(LIFETIME_MS + CLOCK_SLOP_MS + 1_000); // the holder hung

    // `second` judges the lock expired; just before its _break() touches the lock file,
    // `first` (which judged the same) breaks it, links its own lock and returns holding it.
    let firstAcquired: boolean | undefined;
    second.before('utimes', LOCKFILE, async () => {
      firstAcquired = await first.lock.acquire(null);
    });

    const secondAcquired = await second.lock.acquire(null);

    expect(firstAcquired).toBe(true);
    expect(secondAcquired).toBe(true); // and `first` has not released: two holders
    expect(first.logger.messages('error')).toEqual(['lifetime has expired, breaking']);
    expect(second.logger.messages('error')).toEqual(['lifetime has expired, breaking']);
    expect(second.trace()).toEqual([
      'writeFile claim ok',
      'utimes claim ok',
      'link lock EEXIST',
      'stat lock ok', // nlink 2 (the stale lock)
      'read lock ok', // not ours
      'stat lock ok', // release time: expired
      'utimes lock ok', // _break(): touches `first`'s fresh lock (too late to help)
      'read lock ok', //   winner: `first`'s claim
      'unlink lock ok', //   removes `first`'s live lock file
      'unlink claim ok', //   and `first`'s claim file
      'link lock ok', // after one sleep
      'utimes claim ok',
    ]);
    expect(world.lockContent()).toContain('host-second');
    expect(first.compromised).toEqual([]);
    await expect(first.lock.release()).rejects.toMatchObject({ code: 'ENOTLOCKED' });
    await second.lock.release();
    expect(world.files()).toEqual([]);
  });
});
