import { describe, expect, it, onTestFailed } from 'vitest';
import { FaultyFs } from '../../src/index.js';
import { LOCK, stage } from './stage.js';

// A client that keeps seeing a removed name for a while (a stale lookup cache): the holder has
// released, but to this client the lock file is still there.
describe('delayed unlink of the lock file during hand-off', () => {
  it('the waiter neither breaks the released lock nor gives up: it takes over once the name is gone', async () => {
    const { disk, time, processOn, files } = stage();
    const fs = new FaultyFs(disk, {
      seed: 3,
      clock: time.clock(),
      delayUnlink: { ms: 2_000, path: LOCK },
    });
    fs.printOnFailure(onTestFailed);
    const holder = processOn(fs, 'holder');
    const waiter = processOn(fs, 'waiter');
    await holder.lock.lock();
    const waiting = waiter.lock.lock({ timeout: 30_000 });
    await waiter.clock.sleep(500);

    await holder.lock.unlock();
    const releasedAt = time.now();
    await waiting;

    const waited = time.now() - releasedAt;
    expect(waited).toBeGreaterThanOrEqual(2_000); // the name stayed visible that long
    expect(waited).toBeLessThan(2_000 + 1_000); // then at most one backoff (maxDelay 1 s)
    expect(fs.history().some((entry) => entry.fault === 'delayed unlink')).toBe(true);
    expect(fs.history().filter((entry) => entry.op === 'rename')).toEqual([]); // no break
    expect(waiter.logger.alarms()).toEqual([]);
    await waiter.lock.unlock();
    await time.clock().sleep(2_000);
    expect(files()).toEqual([]);
  });
});
