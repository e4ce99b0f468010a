import { describe, expect, it } from 'vitest';
import { DIR, World } from './support/world.js';

// Found by packages/core/test/owner-record.property.test.ts: records the lock wrote that did
// not read back, which made the holder's own lock file foreign to everyone, itself included.
describe('owner records the lock writes always read back', () => {
  it('a lifetime past what the fixed-width expiry holds (1e17 ms) is held, seen as ours and released clean', async () => {
    const world = new World();
    const holder = world.process('holder', { lock: { lifetime: 1e17 } });
    await holder.lock.lock();
    expect(await holder.lock.state()).toBe('ours');
    await holder.lock.refresh();
    expect(world.read('jobs.lock')).toMatch(/\ntoken 0{16}\nexpires 9007199254740991\n$/);
    expect(await world.process('other').lock.state()).toBe('theirs');
    await holder.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('a lock file name with a line break works: no derived name has one, so its records read back', async () => {
    const world = new World();
    const lockfile = `${DIR}/jobs\nlock`;
    const holder = world.process('holder', { lockfile, lock: { fencing: true } });
    const waiter = world.process('waiter', { lockfile, lock: { fencing: true } });
    await holder.lock.lock();
    expect(await holder.lock.state()).toBe('ours');
    expect(await waiter.lock.state()).toBe('theirs');
    const derived = world.files().filter((name) => name !== 'jobs\nlock');
    expect(derived.length).toBeGreaterThan(0);
    expect(derived.filter((name) => /[\n\r]/.test(name))).toEqual([]);
    expect(await waiter.lock.tryLock()).toBe(false);
    await holder.lock.unlock();
    expect(await waiter.lock.tryLock()).toBe(true);
    expect(waiter.lock.fencingToken).toBe(2);
    await waiter.lock.unlock();
    expect(world.files().filter((name) => !name.includes('.fence'))).toEqual([]);
  });
});
