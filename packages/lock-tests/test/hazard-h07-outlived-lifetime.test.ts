import { type LockCompromisedError, parseRecord } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

const SHORT = { lifetime: 3_000, clockSlop: 1_000 };

// A holder whose work outlives the lifetime (slow work, GC pause, laptop sleep).
// flufl.lock leaves refreshing to the user; proper-lockfile throws ECOMPROMISED from a timer.
describe('H7: the holder outlives its lifetime', () => {
  it('auto-refresh keeps a long critical section valid: nobody breaks it', async () => {
    const world = new World();
    const holder = world.process('holder', { lock: SHORT });
    const waiter = world.process('waiter', { hostname: 'host-b', lock: SHORT });
    await holder.lock.lock();
    const firstExpiry = parseRecord(world.read('jobs.lock'))!.expiresAt;
    await expect(waiter.lock.lock({ timeout: 30_000 })).rejects.toMatchObject({
      code: 'ELOCKTIMEOUT',
    });
    expect(await holder.lock.isLocked()).toBe(true);
    expect(parseRecord(world.read('jobs.lock'))!.expiresAt).toBeGreaterThan(firstExpiry + 25_000);
    await holder.lock.unlock();
    expect(holder.logger.alarms()).toEqual([]);
  });

  it('a holder stalled past its lifetime is broken; the loss reaches onCompromised, never an uncaught exception', async () => {
    const world = new World();
    const losses: LockCompromisedError[] = [];
    const holder = world.process('holder', {
      lock: { ...SHORT, onCompromised: (error) => losses.push(error) },
    });
    const waiter = world.process('waiter', { hostname: 'host-b', lock: SHORT });
    await holder.lock.lock();
    // The holder stalls at its first refresh, as a process stopped by a long GC pause would.
    const stalled = holder.fs.pause({ op: 'writeAt', phase: 'before' });
    await stalled.reached;
    await waiter.lock.lock({ timeout: 30_000 }); // breaks the expired lock
    stalled.release(); // the holder wakes up and refreshes
    await holder.clock.sleep(5_000);

    expect(losses).toHaveLength(1);
    expect(losses[0]).toMatchObject({ code: 'ECOMPROMISED' });
    expect(holder.lock.held).toBe(false);
    expect(await waiter.lock.isLocked()).toBe(true); // the stale holder left the new lock alone
    await expect(holder.lock.unlock()).rejects.toMatchObject({ code: 'ECOMPROMISED' });
    await expect(holder.lock.unlock()).rejects.toMatchObject({ code: 'ENOTLOCKED' });
    await waiter.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('without onCompromised the loss is logged at error level', async () => {
    const world = new World();
    const holder = world.process('holder', { lock: SHORT });
    const waiter = world.process('waiter', { hostname: 'host-b', lock: SHORT });
    await holder.lock.lock();
    const stalled = holder.fs.pause({ op: 'writeAt' });
    await stalled.reached;
    await waiter.lock.lock();
    stalled.release();
    await holder.clock.sleep(5_000);
    expect(holder.logger.said('error', /broken|gone|replaced/)).toBe(true);
    await waiter.lock.unlock();
  });

  it('refreshes that keep failing end in a reported loss once the lifetime has passed', async () => {
    const world = new World();
    const losses: LockCompromisedError[] = [];
    const holder = world.process('holder', {
      lock: { ...SHORT, onCompromised: (error) => losses.push(error) },
    });
    await holder.lock.lock();
    holder.fs.addRule({ op: 'writeAt', errno: 'EIO', times: 5 });
    await holder.clock.sleep(10_000);
    expect(losses).toHaveLength(1);
    expect(losses[0]!.message).toMatch(/could not be refreshed/);
    expect(holder.logger.said('warn', /retrying/)).toBe(true);
    expect(world.files()).toEqual([]); // its own expired lock was removed, verified
  });

  it('refresh() with a lifetime moves the expiry by that lifetime', async () => {
    const world = new World();
    const holder = world.process('holder', {
      lock: { ...SHORT, autoRefresh: false, timeSource: 'local' },
    });
    await holder.lock.lock();
    await holder.lock.refresh({ lifetime: 60_000 });
    const record = parseRecord(world.read('jobs.lock'))!;
    expect(record.expiresAt - holder.clock.now()).toBe(60_000);
    await expect(holder.lock.refresh({ lifetime: -1 })).rejects.toBeInstanceOf(RangeError);
    await holder.lock.unlock();
    await expect(holder.lock.refresh()).rejects.toMatchObject({ code: 'ENOTLOCKED' });
  });
});
