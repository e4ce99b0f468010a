import { Lock } from '@linklock/core';
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

  it('a lock file name with a line break is refused before any file is written', () => {
    const world = new World();
    const { fs } = world.process('p');
    const options = { fs, clock: world.time, random: { next: () => 0.5, nonce: () => 'abcdefgh' } };
    const identity = { hostname: 'host-a', pid: 1 };
    expect(() => new Lock(`${DIR}/jobs\nlock`, { ...options, identity })).toThrow(TypeError);
    expect(() => new Lock(`${DIR}/jobs\nlock`, { ...options, identity })).toThrow(/line break/);
    expect(fs.history()).toEqual([]);
    expect(world.files()).toEqual([]);
  });
});
