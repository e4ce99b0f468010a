import { describe, expect, it } from 'vitest';
import { naiveExcl } from '../../src/algorithms/naive-excl.js';
import { LIFETIME_MS, LOCKFILE, World } from './support/world.js';

describe('naive-excl: no refresh, no ownership', () => {
  it('writes "<hostname> <pid>" with an exclusive create', async () => {
    const world = new World(naiveExcl);
    const a = world.process('a');
    await a.lock.acquire(null);
    expect(world.files()).toEqual(['jobs.lock']);
    expect(world.lockContent()).toBe('host-a 100');
  });

  it("a holder slower than its lifetime loses the lock silently; its release then deletes the next holder's lock file", async () => {
    const world = new World(naiveExcl);
    const slow = world.process('slow');
    const next = world.process('next');
    const third = world.process('third');
    await slow.lock.acquire(null);
    world.time.advance(LIFETIME_MS + 1); // slow work, nothing refreshes

    // Even acquire(0) breaks: the expiry is checked first.
    expect(await next.lock.acquire(0)).toBe(true);
    expect(next.trace()).toEqual([
      'writeFile lock EEXIST',
      'stat lock ok', // mtime + lifetime < now
      'unlink lock ok', // no check of whose it is
      'writeFile lock ok', // at once
    ]);
    expect(world.lockContent()).toBe('host-next 101');
    // `slow` still believes it holds the lock and is told nothing.
    expect(slow.compromised).toEqual([]);
    expect(slow.logger.lines).toEqual([]);

    await slow.lock.release(); // resolves: no ownership check
    expect(world.files()).toEqual([]); // `next`'s lock file is gone while `next` holds the lock
    expect(await third.lock.acquire(0)).toBe(true); // and a third process walks in
    expect(world.lockContent()).toBe('host-third 102');
  });

  it('two waiters judge one lock expired; the second unlinks the lock the first just created', async () => {
    const world = new World(naiveExcl);
    const stale = world.process('stale');
    const first = world.process('first');
    const second = world.process('second');
    await stale.lock.acquire(null);
    world.time.advance(LIFETIME_MS + 1);

    let firstAcquired: boolean | undefined;
    second.before('unlink', LOCKFILE, async () => {
      firstAcquired = await first.lock.acquire(0);
    });

    expect(await second.lock.acquire(0)).toBe(true);
    expect(firstAcquired).toBe(true); // both hold it
    expect(world.lockContent()).toBe('host-second 102');
  });
});
