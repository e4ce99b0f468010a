import { type Clock, parseRecord } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

/** A clock whose `schedule` timers are fired by hand, so a test sees every armed timer. */
function handFiredClock(base: Clock) {
  const armed = new Map<number, { ms: number; callback: () => void }>();
  let next = 0;
  const clock: Clock = {
    now: () => base.now(),
    sleep: (ms, signal, options) => base.sleep(ms, signal, options),
    schedule(ms, callback) {
      const id = next++;
      armed.set(id, { ms, callback });
      return () => armed.delete(id);
    },
  };
  const fireAll = () => {
    const due = [...armed.entries()];
    armed.clear();
    for (const [, timer] of due) timer.callback();
  };
  return { clock, armed, fireAll };
}

describe('timers: the refresh timer', () => {
  it('is armed at lifetime/3 while held and cancelled by unlock (nothing left running)', async () => {
    const world = new World();
    let timers!: ReturnType<typeof handFiredClock>;
    const holder = world.process('holder', {
      wrapClock: (clock) => {
        timers = handFiredClock(clock);
        return timers.clock;
      },
      lock: { lifetime: 9_000 },
    });
    const { armed, fireAll } = timers;
    await holder.lock.lock();
    expect([...armed.values()].map((timer) => timer.ms)).toEqual([3_000]);

    const before = parseRecord(world.read('jobs.lock'))!.expiresAt;
    world.time.advance(3_000);
    fireAll();
    await new Promise((resolve) => setImmediate(resolve));
    // Moved on by the 3 s that passed, plus the 3 ms the estimate of the server's clock may
    // have drifted meanwhile (docs/protocol.md, "Time").
    expect(parseRecord(world.read('jobs.lock'))!.expiresAt).toBe(before + 3_000 + 3);
    expect(armed.size).toBe(1); // re-armed for the next refresh

    await holder.lock.unlock();
    expect(armed.size).toBe(0);
  });

  it('a failed tryLock and a released lock arm nothing', async () => {
    const world = new World();
    const seen: ReturnType<typeof handFiredClock>[] = [];
    const wrapClock = (clock: Clock) => {
      const timers = handFiredClock(clock);
      seen.push(timers);
      return timers.clock;
    };
    const a = world.process('a', { wrapClock });
    const b = world.process('b', { wrapClock });
    const [first, second] = seen as [
      ReturnType<typeof handFiredClock>,
      ReturnType<typeof handFiredClock>,
    ];
    await a.lock.lock();
    expect(await b.lock.tryLock()).toBe(false);
    expect(second.armed.size).toBe(0);
    await a.lock.unlock();
    expect(first.armed.size).toBe(0);
  });
});
