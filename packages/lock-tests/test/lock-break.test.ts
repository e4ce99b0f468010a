import { describe, expect, it } from 'vitest';
import { DIR, World } from './support/world.js';

const SHORT = { lifetime: 3_000, clockSlop: 1_000, autoRefresh: false };

describe('Lock.break(): an operator breaking a lock', () => {
  it('says unlocked, and leaves nothing behind, when there is no lock', async () => {
    const world = new World();
    const operator = world.process('operator');
    expect(await operator.lock.break()).toBe('unlocked');
    expect(world.files()).toEqual([]);
  });

  it('refuses a live holder without force: nothing changes', async () => {
    const world = new World();
    const holder = world.process('holder', { hostname: 'host-b' });
    const operator = world.process('operator');
    await holder.lock.lock();
    const before = world.files();
    expect(await operator.lock.break()).toBe('live');
    expect(world.files()).toEqual(before);
    expect(await holder.lock.isLocked()).toBe(true);
    await holder.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('breaks an expired lock, with its holder`s claim', async () => {
    const world = new World();
    const holder = world.process('holder', { hostname: 'host-b', lock: SHORT });
    const operator = world.process('operator', { lock: SHORT });
    await holder.lock.lock();
    world.time.advance(3_000 + 1_000 + 1);
    expect(await operator.lock.break()).toBe('broken');
    expect(world.files()).toEqual([]);
    expect(operator.logger.said('info', /broke a lock whose holder expired/)).toBe(true);
  });

  it('breaks a lock whose same-host holder provably died', async () => {
    const world = new World();
    const holder = world.process('holder');
    const operator = world.process('operator');
    await holder.lock.lock();
    holder.crash();
    expect(await operator.lock.break()).toBe('broken');
    expect(world.files()).toEqual([]);
  });

  it('with force breaks a live lock; its holder finds out at its next refresh', async () => {
    const world = new World();
    const holder = world.process('holder', { hostname: 'host-b' });
    const operator = world.process('operator');
    await holder.lock.lock();
    expect(await operator.lock.break({ force: true })).toBe('broken');
    expect(world.files()).toEqual([]);
    expect(operator.logger.said('info', /by force/)).toBe(true);
    await expect(holder.lock.refresh()).rejects.toMatchObject({ code: 'ECOMPROMISED' });
  });

  it('never removes a foreign file, even with force', async () => {
    const world = new World();
    world.volume.writeFileSync(`${DIR}/jobs.lock`, 'some other program\n');
    const operator = world.process('operator');
    await expect(operator.lock.break({ force: true })).rejects.toMatchObject({
      code: 'ELOCKFOREIGN',
    });
    expect(world.files()).toEqual(['jobs.lock']);
    expect(world.read('jobs.lock')).toBe('some other program\n');
  });

  it('is refused on a Lock that holds the lock itself (that is unlock)', async () => {
    const world = new World();
    const holder = world.process('holder');
    await holder.lock.lock();
    await expect(holder.lock.break({ force: true })).rejects.toMatchObject({
      code: 'EALREADYLOCKED',
    });
    expect(await holder.lock.isLocked()).toBe(true);
    await holder.lock.unlock();
  });
});
