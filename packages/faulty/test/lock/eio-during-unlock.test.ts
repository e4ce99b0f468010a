import { parseRecord } from '@linklock/core';
import { describe, expect, it, onTestFailed } from 'vitest';
import { FaultyFs } from '../../src/index.js';
import { LOCK, stage } from './stage.js';

// unlock() renames the lock file aside, reads it back, then unlinks it and the claim.
describe('EIO during unlock()', () => {
  it('a lost reply to the rename (it happened): unlock() succeeds, the next owner takes over at once', async () => {
    const { disk, time, processOn, files } = stage();
    const fs = new FaultyFs(disk, {
      rules: [{ op: 'rename', path: LOCK, errno: 'EIO', phase: 'after' }],
    });
    fs.printOnFailure(onTestFailed);
    const owner = processOn(fs, 'owner');
    const next = processOn(disk, 'next', { hostname: 'host-b' });
    await owner.lock.lock();
    const waiting = next.lock.lock();
    await next.clock.sleep(100);

    await owner.lock.unlock();
    const releasedAt = time.now();
    await waiting;

    expect(time.now() - releasedAt).toBeLessThan(1_000);
    expect(owner.logger.alarms()).toEqual([]);
    await next.lock.unlock();
    expect(files()).toEqual([]);
  });

  it('EIO from unlink of the tombstone and the claim: reported, and the next owner is not harmed', async () => {
    const { disk, time, processOn, files } = stage();
    const fs = new FaultyFs(disk, { rules: [{ op: 'unlink', errno: 'EIO', times: 2 }] });
    fs.printOnFailure(onTestFailed);
    const owner = processOn(fs, 'owner', { lifetime: 3_000, clockSlop: 1_000 });
    const next = processOn(disk, 'next', { hostname: 'host-b', lifetime: 3_000, clockSlop: 1_000 });
    await owner.lock.lock();
    const waiting = next.lock.lock();
    await next.clock.sleep(100);

    await expect(owner.lock.unlock()).rejects.toMatchObject({ code: 'EIO' }); // the claim's unlink
    expect(owner.logger.said('warn', /leftover/)).toBe(true); // the tombstone's unlink
    const releasedAt = time.now();
    await waiting;
    expect(time.now() - releasedAt).toBeLessThan(1_000); // the lock path was free all the same
    expect(await next.lock.isLocked()).toBe(true);
    await next.lock.unlock();
    // The owner's leftovers hold expired records: the next break's sweep takes them.
    expect(files().every((name) => name.includes('.tomb.') || name.includes('.claim.'))).toBe(true);
  });

  it('a failed rename: unlock() reports EIO; the next owner waits for expiry + slop, then breaks it cleanly', async () => {
    const { disk, time, processOn, files, volume } = stage();
    const fs = new FaultyFs(disk, { rules: [{ op: 'rename', path: LOCK, errno: 'EIO' }] });
    fs.printOnFailure(onTestFailed);
    const owner = processOn(fs, 'owner', { lifetime: 3_000, clockSlop: 1_000 });
    const next = processOn(disk, 'next', { hostname: 'host-b', lifetime: 3_000, clockSlop: 1_000 });
    await owner.lock.lock();

    await expect(owner.lock.unlock()).rejects.toMatchObject({ code: 'EIO', path: LOCK });
    const left = parseRecord(String(volume.readFileSync(LOCK, 'utf8')));
    expect(left?.hostname).toBe('host-a'); // the owner's lock file is still there...
    expect(owner.lock.held).toBe(false); // ...but no longer refreshed

    const start = time.now();
    await next.lock.lock();
    expect(time.now() - start).toBeGreaterThanOrEqual(3_000 + 1_000 - 100);
    expect(await next.lock.isLocked()).toBe(true);
    expect(next.logger.alarms()).toEqual([]);
    await next.lock.unlock();
    expect(files()).toEqual([]);
  });
});
