import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

const TEN_MINUTES = 10 * 60_000;

// Hosts whose clocks disagree by more than the slop: in local time mode a host whose clock
// runs ahead sees every other host's lock as long expired and breaks it.
describe('H6: clock skew between hosts', () => {
  it('filesystem time mode (the default): a host 10 minutes ahead does not break a live lock', async () => {
    const world = new World();
    const holder = world.process('holder', { hostname: 'host-a', clockOffsetMs: -TEN_MINUTES });
    const waiter = world.process('waiter', { hostname: 'host-b', clockOffsetMs: TEN_MINUTES });
    await holder.lock.lock();
    await expect(waiter.lock.lock({ timeout: 60_000 })).rejects.toMatchObject({
      code: 'ELOCKTIMEOUT',
    });
    expect(await holder.lock.isLocked()).toBe(true);
    expect(holder.logger.alarms()).toEqual([]);
    expect(await waiter.lock.state()).toBe('theirs');
    await holder.lock.unlock();
  });

  it('filesystem time mode: a crashed holder on a skewed host is still broken after its lifetime + slop', async () => {
    const world = new World();
    const holder = world.process('holder', {
      hostname: 'host-a',
      clockOffsetMs: -TEN_MINUTES,
      lock: { autoRefresh: false },
    });
    const waiter = world.process('waiter', { hostname: 'host-b', clockOffsetMs: TEN_MINUTES });
    await holder.lock.lock();
    const start = world.time.now();
    await waiter.lock.lock({ timeout: 60_000 });
    const waited = world.time.now() - start;
    // The default slop on the server's clock: 1 s + the 1 ms mtime resolution (the waiter's own
    // error is smaller); the skew of ±10 minutes counts for nothing.
    expect(waited).toBeGreaterThanOrEqual(15_000 + 1_001);
    expect(waited).toBeLessThan(15_000 + 1_001 + 2_000);
    await waiter.lock.unlock();
  });

  it("local time mode (the anchors' behaviour): the same skew breaks a live lock, and the holder is told", async () => {
    const world = new World();
    const losses: unknown[] = [];
    const holder = world.process('holder', {
      hostname: 'host-a',
      clockOffsetMs: -TEN_MINUTES,
      lock: { timeSource: 'local', onCompromised: (error) => losses.push(error) },
    });
    const waiter = world.process('waiter', {
      hostname: 'host-b',
      clockOffsetMs: TEN_MINUTES,
      lock: { timeSource: 'local' },
    });
    await holder.lock.lock();
    await waiter.lock.lock({ timeout: 1_000 });
    expect(waiter.lock.held).toBe(true);
    await holder.clock.sleep(10_000); // the holder's next auto-refresh finds out
    expect(losses).toHaveLength(1);
    expect(losses[0]).toMatchObject({ code: 'ECOMPROMISED' });
    expect(await waiter.lock.isLocked()).toBe(true); // the holder's cleanup left the new lock alone
    await waiter.lock.unlock();
  });

  for (const stepMs of [-40_000, 30_000]) {
    it(`filesystem time mode: a holder whose clock steps by ${stepMs / 1000} s while holding keeps its lock valid`, async () => {
      const world = new World();
      let holderOffset = 0;
      const holder = world.process('holder', {
        hostname: 'host-a',
        clockOffsetMs: () => holderOffset,
      });
      const waiter = world.process('waiter', { hostname: 'host-b' });
      await holder.lock.lock();
      await holder.clock.sleep(1_000);
      holderOffset = stepMs; // an NTP correction or `date -s` on the holder's host
      await expect(waiter.lock.lock({ timeout: 60_000 })).rejects.toMatchObject({
        code: 'ELOCKTIMEOUT',
      });
      expect(await holder.lock.isLocked()).toBe(true);
      expect(holder.logger.alarms()).toEqual([]);
      await holder.lock.unlock();
    });
  }

  it('filesystem time mode: a waiter whose clock steps forward does not break a live lock', async () => {
    const world = new World();
    let waiterOffset = 0;
    const holder = world.process('holder', { hostname: 'host-a' });
    const waiter = world.process('waiter', {
      hostname: 'host-b',
      clockOffsetMs: () => waiterOffset,
    });
    await holder.lock.lock();
    const waiting = waiter.lock.lock({ timeout: 60_000 }).catch((error: unknown) => error);
    await holder.clock.sleep(2_000); // the waiter has measured the server's clock by now
    waiterOffset = 30_000; // more than the slop, less than the estimate's 60 s lifetime
    expect(await waiting).toMatchObject({ code: 'ELOCKTIMEOUT' });
    expect(await holder.lock.isLocked()).toBe(true);
    await holder.lock.unlock();
  });

  it('filesystem time mode: a clock stepped back between linking and writing the fencing token does not make the lock look expired', async () => {
    const world = new World();
    let holderOffset = 0;
    const holder = world.process('holder', {
      hostname: 'host-a',
      clockOffsetMs: () => holderOffset,
      lock: { fencing: true },
    });
    const waiter = world.process('waiter', { hostname: 'host-b' });
    const linked = holder.fs.pause({ op: 'read', path: /fence$/, phase: 'before' });
    const locking = holder.lock.lock();
    await linked.reached; // linked, about to assign its token (which rewrites the expiry)
    holderOffset = -40_000;
    linked.release();
    await locking;
    await expect(waiter.lock.lock({ timeout: 60_000 })).rejects.toMatchObject({
      code: 'ELOCKTIMEOUT',
    });
    expect(await holder.lock.isLocked()).toBe(true);
    await holder.lock.unlock();
  });

  it('filesystem time mode: a holder whose clock jumped forward does not write far-future expiries (liveness after its crash)', async () => {
    const world = new World();
    let holderOffset = 0;
    const holder = world.process('holder', {
      hostname: 'host-a',
      clockOffsetMs: () => holderOffset,
      lock: { autoRefresh: false },
    });
    const waiter = world.process('waiter', { hostname: 'host-b' });
    await holder.lock.lock();
    holderOffset = 40_000; // stepped forward: without noticing, its expiries would be 40 s late
    await holder.lock.refresh(); // its last refresh before it dies
    const refreshedAt = world.time.now();
    await waiter.lock.lock();
    expect(world.time.now() - refreshedAt).toBeLessThan(15_000 + 1_001 + 2_000);
    await waiter.lock.unlock();
  });
});
