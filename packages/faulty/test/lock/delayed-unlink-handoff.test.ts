import { describe, expect, it, onTestFailed } from 'vitest';
import { FaultyFs } from '../../src/index.js';
import { LOCK, stage } from './stage.js';

// A client that keeps seeing removed names for a while (a stale lookup cache). linklock never
// unlinks the lock path itself: it renames the lock file aside, verifies it, and unlinks the
// tombstone. So a delayed unlink can slow down nothing that matters to the next owner.
describe('delayed unlink during hand-off', () => {
  it('the waiter takes over at once; the late names vanish afterwards and nothing is left', async () => {
    const { disk, time, processOn, files } = stage();
    const fs = new FaultyFs(disk, { seed: 3, clock: time, delayUnlink: { ms: 2_000 } });
    fs.printOnFailure(onTestFailed);
    const holder = processOn(fs, 'holder');
    const waiter = processOn(fs, 'waiter');
    await holder.lock.lock();
    const waiting = waiter.lock.lock({ timeout: 30_000 });
    await waiter.clock.sleep(500);

    await holder.lock.unlock();
    const releasedAt = time.now();
    await waiting;

    expect(time.now() - releasedAt).toBeLessThan(100); // woken by the rename, not after 2 s
    const delayed = fs.history().filter((entry) => entry.op === 'unlink');
    expect(delayed.map((entry) => entry.paths[0])).not.toContain(LOCK);
    expect(await fs.readdir('/locks')).toEqual(
      expect.arrayContaining([expect.stringMatching(/\.tomb\./)]),
    );
    expect(
      fs.history().filter((entry) => entry.op === 'rename' && entry.paths[0] === LOCK),
    ).toHaveLength(1);
    expect(waiter.logger.alarms()).toEqual([]);
    await waiter.lock.unlock();
    await time.sleep(2_000);
    expect(files()).toEqual([]);
  });
});
