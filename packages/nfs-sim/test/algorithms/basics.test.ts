import { describe, expect, it } from 'vitest';
import { flufl } from '../../src/algorithms/flufl.js';
import { mailman21 } from '../../src/algorithms/mailman21.js';
import { naiveExcl } from '../../src/algorithms/naive-excl.js';
import { CLOCK_SLOP_MS, LIFETIME_MS, LOCKFILE, World } from './support/world.js';

describe.each([mailman21, flufl, naiveExcl])('reference algorithm $name', (algorithm) => {
  // The call that tries to take the lock: link(claim, lockfile), or the exclusive create.
  const attempt = algorithm === naiveExcl ? 'writeFile' : 'link';

  it('acquires and releases an uncontended lock, leaving no files and saying nothing alarming', async () => {
    const world = new World(algorithm);
    const a = world.process('a');

    expect(await a.lock.acquire(null)).toBe(true);
    expect(world.files()).toContain('jobs.lock');
    expect(a.lock.token).toBeUndefined();
    await a.lock.release();

    expect(world.files()).toEqual([]);
    expect(a.logger.alarms()).toEqual([]);
    expect(a.clock.sleeps).toEqual([]);
  });

  it('excludes a second process while the first holds, and lets it in after the release', async () => {
    const world = new World(algorithm);
    const a = world.process('a');
    const b = world.process('b');

    expect(await a.lock.acquire(null)).toBe(true);
    const heldBy = world.lockContent();
    expect(await b.lock.acquire(0)).toBe(false);
    expect(await b.lock.acquire(0)).toBe(false);
    expect(world.lockContent()).toBe(heldBy); // untouched
    expect(world.files().filter((name) => name.includes('host-b'))).toEqual([]); // claim removed

    await a.lock.release();
    expect(await b.lock.acquire(0)).toBe(true);
    await b.lock.release();
    expect(world.files()).toEqual([]);
  });

  it('waits for the holder: a waiter with no timeout gets the lock once it is released', async () => {
    const world = new World(algorithm);
    const a = world.process('a');
    const b = world.process('b');
    await a.lock.acquire(null);
    // b fails once, sleeps, and a releases just before b's second attempt.
    b.before(attempt, LOCKFILE, () => a.lock.release(), 2);

    expect(await b.lock.acquire(null)).toBe(true);
    expect(b.clock.sleeps).toHaveLength(1);
    expect(b.logger.alarms()).toEqual([]);
    await b.lock.release();
    expect(world.files()).toEqual([]);
  });

  it('breaks a lock whose holder outlived its lifetime (and the slop, for the link anchors)', async () => {
    const world = new World(algorithm);
    const a = world.process('a');
    const b = world.process('b');
    await a.lock.acquire(null);
    world.time.advance(LIFETIME_MS + CLOCK_SLOP_MS + 1_000);

    expect(await b.lock.acquire(null)).toBe(true);
    expect(world.lockContent()).toContain('host-b');
    expect(world.files().filter((name) => name.includes('host-a'))).toEqual([]); // a's claim too
  });

  it('does not break a lock that is within its lifetime', async () => {
    const world = new World(algorithm);
    const a = world.process('a');
    const b = world.process('b');
    await a.lock.acquire(null);
    world.time.advance(LIFETIME_MS - 1_000);

    expect(await b.lock.acquire(500)).toBe(false);
    expect(world.lockContent()).toContain('host-a');
    await a.lock.release();
  });
});
