import { describe, expect, it, onTestFailed } from 'vitest';
import { FaultyFs } from '../../src/index.js';
import { LOCK, stage } from './stage.js';

// NFS: a client reads through a file handle whose file another client removed: ESTALE.
describe('ESTALE while waiting', () => {
  it('is read as "the lock file is gone": the waiter looks again at once and keeps waiting correctly', async () => {
    const { disk, processOn, files } = stage();
    const fs = new FaultyFs(disk, {
      rules: [{ op: 'read', path: LOCK, errno: 'ESTALE', nth: 2, times: 3 }],
    });
    fs.printOnFailure(onTestFailed);
    const holder = processOn(disk, 'holder');
    const waiter = processOn(fs, 'waiter', { hostname: 'host-b' });
    await holder.lock.lock();
    const waiting = waiter.lock.lock({ timeout: 60_000 });
    await holder.clock.sleep(5_000);
    expect(waiter.lock.held).toBe(false); // ESTALE never made it break or take a live lock
    expect(fs.history().filter((entry) => entry.outcome === 'ESTALE')).toHaveLength(3);

    await holder.lock.unlock();
    await waiting;
    expect(waiter.lock.held).toBe(true);
    expect(waiter.logger.alarms()).toEqual([]);
    expect(fs.history().filter((entry) => entry.op === 'rename')).toEqual([]);
    await waiter.lock.unlock();
    expect(files()).toEqual([]);
  });
});
