import { describe, expect, it } from 'vitest';
import { mailman21 } from '../../src/algorithms/mailman21.js';
import { LOCKFILE, World } from './support/world.js';

// SourceForge patch 1045656 (never applied to Mailman 2.1): a waiter's link() fails with
// EEXIST, the holder unlocks, and the waiter then looks at a lock file that is gone.
describe('mailman21: the seed race (H1) is kept', () => {
  it('logs "unexpected linkcount: -1" and "lifetime has expired, breaking", and breaks a lock that is not there', async () => {
    const world = new World(mailman21);
    const holder = world.process('holder');
    const waiter = world.process('waiter');
    await holder.lock.acquire(null);
    // 1) the waiter's link() fails with EEXIST; 2) the holder unlocks before the waiter's stat.
    waiter.before('stat', LOCKFILE, () => holder.lock.release());

    expect(await waiter.lock.acquire(null)).toBe(true);

    expect(waiter.logger.messages('error')).toEqual([
      'unexpected linkcount: -1',
      'lifetime has expired, breaking',
    ]);
    expect(waiter.trace()).toEqual([
      'writeFile claim ok',
      'utimes claim ok',
      'link lock EEXIST',
      'stat lock ENOENT', // __linkcount() -> -1
      'stat lock ENOENT', // __linkcount() again, for the log line
      'stat lock ENOENT', // __releasetime() -> -1: "expired"
      'utimes lock ENOENT', // __break(): touch
      'read lock ENOENT', //   winner: None
      'unlink lock ENOENT', //   unlink the lock file
      'link lock ok', // after one sleep
      'utimes claim ok',
    ]);
    expect(waiter.clock.sleeps).toHaveLength(1);
    await waiter.lock.release();
    expect(world.files()).toEqual([]);
  });

  it('and when a third process links between the -1 and the break, the break removes its live lock: two holders', async () => {
    const world = new World(mailman21);
    const holder = world.process('holder');
    const waiter = world.process('waiter');
    const third = world.process('third');
    await holder.lock.acquire(null);
    waiter.before('stat', LOCKFILE, () => holder.lock.release());
    // after the waiter judged the vanished lock "expired", just before its __break() touches it:
    let thirdAcquired: boolean | undefined;
    waiter.before('utimes', LOCKFILE, async () => {
      thirdAcquired = await third.lock.acquire(0);
    });

    const waiterAcquired = await waiter.lock.acquire(null);

    // Neither has released: both believe they hold the lock.
    expect(thirdAcquired).toBe(true);
    expect(waiterAcquired).toBe(true);
    expect(waiter.trace().slice(6, 10)).toEqual([
      'utimes lock ok', // touches the third's fresh lock
      'read lock ok', //   reads the third's claim name
      'unlink lock ok', //   removes the live lock file
      'unlink claim ok', //   and the third's claim file
    ]);
    expect(world.lockContent()).toContain('host-waiter');
    expect(world.files().filter((name) => name.includes('host-third'))).toEqual([]);
    // The third process is told nothing until it tries to release.
    expect(third.compromised).toEqual([]);
    expect(third.logger.alarms()).toEqual([]);
    await expect(third.lock.release()).rejects.toMatchObject({ code: 'ENOTLOCKED' });
    await waiter.lock.release();
    expect(world.files()).toEqual([]);
  });
});
