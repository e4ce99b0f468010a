import { describe, expect, it, onTestFailed } from 'vitest';
import { FaultyFs } from '../../src/index.js';
import { LOCK, stage } from './stage.js';

// Mailman 2.1's LockFile.py race (SourceForge patch 1045656): the waiter's link() fails with
// EEXIST, the holder unlocks, and the waiter then looks at a lock file that is gone.
describe('the seed race (H1), written with pause hooks', () => {
  it('the waiter links again at once: no error logged, no break, no sleep', async () => {
    const { disk, time, processOn, files } = stage();
    const waiterFs = new FaultyFs(disk, { seed: 1045656, clock: time });
    waiterFs.printOnFailure(onTestFailed);
    const holder = processOn(disk, 'holder');
    const waiter = processOn(waiterFs, 'waiter', { autoRefresh: false });
    await holder.lock.lock();

    const afterEexist = waiterFs.pause({ op: 'link', path: LOCK, phase: 'after' });
    const acquiring = waiter.lock.lock();
    await afterEexist.reached; // 1. the waiter's link() failed with EEXIST
    await holder.lock.unlock(); // 2. the holder releases
    afterEexist.release(); // 3. the waiter looks at the vanished lock file
    await acquiring;

    expect(waiter.lock.held).toBe(true);
    expect(waiter.logger.alarms()).toEqual([]);
    expect(waiter.clock.sleeps.length).toBe(0);
    const lockCalls = waiterFs.history().filter((entry) => entry.paths.includes(LOCK));
    expect(lockCalls.map((entry) => `${entry.op} ${entry.outcome}`)).toEqual([
      'link EEXIST',
      'read ENOENT',
      'link ok',
    ]);
    await waiter.lock.unlock();
    expect(files()).toEqual([]);
  });
});
