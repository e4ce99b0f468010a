import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

// flufl.lock waits lifetime + slop for a crashed holder; Mailman's CLI trusts kill(pid, 0)
// alone, which pid reuse after a reboot and pid namespaces make unsafe.
describe('H12: a same-host holder that crashed', () => {
  it('is broken at once when provably dead: same host, boot and pid namespace, pid gone', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter');
    await holder.lock.lock();
    holder.crash();
    expect(await waiter.lock.state()).toBe('stale');
    const start = world.time.now();
    await waiter.lock.lock();
    expect(world.time.now() - start).toBeLessThan(100);
    expect(waiter.logger.said('info', /broke/)).toBe(true);
    expect(waiter.logger.alarms()).toEqual([]);
    await waiter.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  const notProvablyDead = [
    ['another host', { hostname: 'host-b' }],
    ['another boot', { bootId: 'boot-after-reboot' }],
    ['another pid namespace', { pidNamespace: 'pid:[4026532999]' }],
  ] as const;
  for (const [what, waiterIdentity] of notProvablyDead) {
    it(`waits for lifetime + slop when the holder is on ${what}`, async () => {
      const world = new World();
      const holder = world.process('holder', { pid: 500, lock: { autoRefresh: false } });
      const waiter = world.process('waiter', { ...waiterIdentity, lock: { autoRefresh: false } });
      await holder.lock.lock();
      holder.crash();
      expect(await waiter.lock.state()).toBe('theirs');
      const start = world.time.now();
      await waiter.lock.lock();
      const waited = world.time.now() - start;
      expect(waited).toBeGreaterThanOrEqual(15_000 + 10_000);
      expect(waited).toBeLessThan(15_000 + 10_000 + 1_500);
      await waiter.lock.unlock();
    });
  }

  it('never breaks a live same-host holder', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter');
    await holder.lock.lock();
    expect(await waiter.lock.tryLock()).toBe(false);
    expect(await holder.lock.isLocked()).toBe(true);
    await holder.lock.unlock();
  });
});
