import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

const LOCK_PATH = /jobs\.lock$/;

// SourceForge patch 1045656 (Mailman 2.1): a waiter's link() fails with EEXIST, the holder
// unlocks, and the waiter then looks at a lock file that is gone. Mailman logged two errors
// and broke the "expired" lock; flufl.lock logged one and slept.
describe('H1: the lock file vanishes after EEXIST (the seed race)', () => {
  it('retries at once: no error or warn line, no break, the waiter holds the lock without sleeping', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter', { lock: { autoRefresh: false } });
    await holder.lock.lock();

    // 1) the waiter's link() fails with EEXIST; it is held right there.
    const afterEexist = waiter.fs.pause({ op: 'link', path: LOCK_PATH, phase: 'after' });
    const acquiring = waiter.lock.lock();
    await afterEexist.reached;
    expect(waiter.fs.history().at(-1)).toMatchObject({ op: 'link', outcome: 'EEXIST' });

    // 2) the holder releases and removes the lock file.
    await holder.lock.unlock();
    expect(world.files()).not.toContain('jobs.lock');

    // 3) the waiter looks at the vanished lock file.
    afterEexist.release();
    await acquiring;

    expect(waiter.lock.held).toBe(true);
    expect(waiter.logger.alarms()).toEqual([]);
    expect(waiter.fs.history({ op: 'rename' }).length).toBe(0); // no break
    expect(waiter.fs.history({ op: 'link', path: /\.break$/ }).length).toBe(0); // not even the break guard
    expect(waiter.clock.sleeps.length).toBe(0);
    expect(waiter.fs.history().map((call) => `${call.op} ${call.outcome}`)).toEqual([
      'writeFile ok', // claim
      'stat ok', // first calibration of the server clock (filesystem time mode)
      'writeAt ok', // expiry on the calibrated clock
      'link EEXIST',
      'read ENOENT', // the vanished lock file
      'link ok', // at once
    ]);
    await waiter.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('also survives the lock file vanishing between two looks in a loaded loop', async () => {
    const world = new World();
    const processes = ['a', 'b', 'c', 'd'].map((name) => world.process(name));
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      processes.map(async (p) => {
        for (let i = 0; i < 25; i += 1) {
          await p.lock.lock();
          inside += 1;
          maxInside = Math.max(maxInside, inside);
          await p.clock.sleep(1);
          inside -= 1;
          await p.lock.unlock();
        }
      }),
    );
    expect(maxInside).toBe(1);
    for (const p of processes) expect(p.logger.alarms()).toEqual([]);
    expect(world.files()).toEqual([]);
  });
});
