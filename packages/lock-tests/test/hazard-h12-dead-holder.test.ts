import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

/**
 * How often a waiter checks a same-host holder's pid while it sleeps: core's LIVENESS_CHECK_MS
 * (protocol/waiter.ts), 50 ms as docs/protocol.md says. The constant is core's internal, so it
 * is stated here; packages/core/test/protocol-constants.test.ts pins it to this value.
 */
const LIVENESS_CHECK_MS = 50;

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

  it('is replaced within moments when it dies while a waiter is already waiting (no file changes)', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter', {
      lock: { retry: { minDelay: 1_000, maxDelay: 60_000 } },
    });
    await holder.lock.lock();
    const waiting = waiter.lock.lock();
    await holder.clock.sleep(5_000); // the waiter is deep in a long backoff now
    holder.crash(); // SIGKILL: the lock file stays, nothing in the directory changes
    const diedAt = world.time.now();
    await waiting;
    // Its liveness is checked while waiting: at most one check interval later, not the
    // backoff (up to 60 s) later.
    expect(world.time.now() - diedAt).toBeLessThanOrEqual(LIVENESS_CHECK_MS);
    expect(waiter.logger.said('info', /broke/)).toBe(true);
    await waiter.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('a waiter checks liveness only for a holder on its own host: no early wake for a remote one', async () => {
    const world = new World();
    const holder = world.process('holder', { hostname: 'host-b', lock: { autoRefresh: false } });
    const waiter = world.process('waiter', {
      lock: { retry: { minDelay: 1_000, maxDelay: 1_000 } },
    });
    await holder.lock.lock();
    await expect(waiter.lock.lock({ timeout: 5_000 })).rejects.toMatchObject({
      code: 'ELOCKTIMEOUT',
    });
    // About one sleep per second of backoff, not one per liveness check.
    expect(waiter.clock.sleeps.length).toBeLessThanOrEqual(8);
    await holder.lock.unlock();
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
      // lifetime + the default slop on the server's clock (1 s + the 1 ms mtime resolution)
      expect(waited).toBeGreaterThanOrEqual(15_000 + 1_001);
      expect(waited).toBeLessThan(15_000 + 1_001 + 1_500);
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
