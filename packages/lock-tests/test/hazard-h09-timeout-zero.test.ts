import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

const SHORT = { lifetime: 1_000, clockSlop: 500, autoRefresh: false };

// flufl.lock checks the timeout before the expiry: with timeout 0 it never breaks.
describe('H9: timeout 0 against an expired lock', () => {
  it('lock({ timeout: 0 }) breaks the expired lock and acquires', async () => {
    const world = new World();
    const crashed = world.process('crashed', { hostname: 'host-z', lock: SHORT });
    const next = world.process('next', { lock: SHORT });
    await crashed.lock.lock();
    world.time.advance(SHORT.lifetime + SHORT.clockSlop + 1);
    await next.lock.lock({ timeout: 0 });
    expect(next.lock.held).toBe(true);
    expect(next.clock.sleeps.length).toBe(0);
    await next.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('tryLock() breaks an expired lock and tries once more', async () => {
    const world = new World();
    const crashed = world.process('crashed', { hostname: 'host-z', lock: SHORT });
    const next = world.process('next', { lock: SHORT });
    await crashed.lock.lock();
    expect(await next.lock.tryLock()).toBe(false); // live: no wait, no break
    world.time.advance(SHORT.lifetime + SHORT.clockSlop + 1);
    expect(await next.lock.tryLock()).toBe(true);
    expect(next.clock.sleeps.length).toBe(0);
    await next.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('lock({ timeout: 0 }) against a live lock times out at once, leaving no claim file', async () => {
    const world = new World();
    const holder = world.process('holder');
    const next = world.process('next');
    await holder.lock.lock();
    await expect(next.lock.lock({ timeout: 0 })).rejects.toMatchObject({ code: 'ELOCKTIMEOUT' });
    expect(next.clock.sleeps.length).toBe(0);
    expect(world.files()).toHaveLength(2); // the holder's lock file and claim only
    await holder.lock.unlock();
  });
});
