import { parseRecord } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

const LIFETIME = 15_000;

// The clock slop follows the time source (docs/protocol.md, "Time"): on the file server's
// clock it covers only the error of reading that clock, not the hosts' skew.
describe('H6: the clock slop follows the time source', () => {
  it("filesystem time: a crashed holder on another host is broken after its lifetime + 1 s + the mtime resolution, not flufl's 10 s", async () => {
    const world = new World();
    const capabilities = { mtimeResolutionMs: 1_000 }; // whole seconds, as sshfs keeps them
    const holder = world.process('holder', {
      hostname: 'host-a',
      capabilities,
      lock: { autoRefresh: false },
    });
    const waiter = world.process('waiter', { hostname: 'host-b', capabilities });
    await holder.lock.lock();
    const start = world.time.now();
    await waiter.lock.lock({ timeout: 60_000 });
    const waited = world.time.now() - start;
    expect(waited).toBeGreaterThanOrEqual(LIFETIME + 1_000 + 1_000);
    // The holder pushed its expiry later by its own uncertainty (half of the 1 s resolution).
    expect(waited).toBeLessThan(LIFETIME + 1_000 + 1_000 + 500 + 1_000);
    await waiter.lock.unlock();
  });

  it('an explicit clockSlop keeps its meaning on the server clock', async () => {
    const world = new World();
    const holder = world.process('holder', { hostname: 'host-a', lock: { autoRefresh: false } });
    const waiter = world.process('waiter', { hostname: 'host-b', lock: { clockSlop: 10_000 } });
    await holder.lock.lock();
    const start = world.time.now();
    await waiter.lock.lock({ timeout: 60_000 });
    const waited = world.time.now() - start;
    expect(waited).toBeGreaterThanOrEqual(LIFETIME + 10_000);
    expect(waited).toBeLessThan(LIFETIME + 10_000 + 1_000);
    await waiter.lock.unlock();
  });

  it("a record on the hosts' own clocks (timeSource 'local') still gets 10 s by default", async () => {
    const world = new World();
    const local = { timeSource: 'local' } as const;
    const holder = world.process('holder', {
      hostname: 'host-a',
      lock: { ...local, autoRefresh: false },
    });
    // The waiter itself works on the server's clock: the record's time source decides.
    const waiter = world.process('waiter', { hostname: 'host-b' });
    await holder.lock.lock();
    const start = world.time.now();
    await waiter.lock.lock({ timeout: 60_000 });
    const waited = world.time.now() - start;
    expect(waited).toBeGreaterThanOrEqual(LIFETIME + 10_000);
    expect(waited).toBeLessThan(LIFETIME + 10_000 + 1_000);
    await waiter.lock.unlock();
  });

  it("a step of the holder's wall clock too small to notice (under 1 s) does not move its expiries on the server's clock", async () => {
    const world = new World();
    let holderOffset = 0;
    const holder = world.process('holder', {
      hostname: 'host-a',
      clockOffsetMs: () => holderOffset,
      lock: { autoRefresh: false },
    });
    await holder.lock.lock();
    await holder.clock.sleep(1_000);
    holderOffset = -900; // stepped back: its estimate of the server's clock is not measured again
    await holder.lock.refresh();
    const expiresAt = parseRecord(world.read('jobs.lock'))!.expiresAt;
    expect(expiresAt).toBeGreaterThanOrEqual(world.time.now() + LIFETIME);
    await holder.lock.unlock();
  });

  it('a holder whose measurement of the server clock took long writes an expiry no earlier than the true one', async () => {
    const world = new World();
    const holder = world.process('holder', { hostname: 'host-a', lock: { autoRefresh: false } });
    // The reply to the create of the claim comes 2 s late: the server stamped the file at the
    // start of the round trip, and its midpoint, taken for the stamp, is 1 s too late, so the
    // holder's reading of the server's clock is 1 s behind.
    const create = holder.fs.pause({ op: 'writeFile', path: /claim/, phase: 'after' });
    const locking = holder.lock.lock();
    await create.reached;
    world.time.advance(2_000);
    create.release();
    await locking;
    const expiresAt = parseRecord(world.read('jobs.lock'))!.expiresAt;
    // The memfs server's clock is the time line itself.
    expect(expiresAt).toBeGreaterThanOrEqual(world.time.now() + LIFETIME);
    await holder.lock.unlock();
  });
});
