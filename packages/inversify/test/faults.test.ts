import { FaultyFs } from '@linklock/faulty';
import { MemfsAdapter } from '@linklock/memfs';
import { describe, expect, it, onTestFailed } from 'vitest';
import { createLinklockContainer, LINKLOCK } from '../src/index.js';

describe('faults', () => {
  it('lets a `link` refused with EACCES reach the caller, leaving no claim file behind', async () => {
    const container = createLinklockContainer({
      backend: 'memfs',
      faults: { rules: [{ op: 'link', errno: 'EACCES' }] },
    });
    const volume = container.get(LINKLOCK.MemfsVolume);
    volume.mkdirSync('/locks');
    const fs = container.get(LINKLOCK.FsAdapter) as FaultyFs;
    fs.printOnFailure(onTestFailed);
    const lock = container.get(LINKLOCK.LockFactory)('/locks/jobs.lock');

    await expect(lock.lock({ timeout: 1_000 })).rejects.toMatchObject({ code: 'EACCES' });
    expect(lock.held).toBe(false);
    expect(volume.readdirSync('/locks')).toEqual([]);
    // The claim file was written, the link refused, and the claim file removed.
    const history = fs.history();
    const claim = history.find((entry) => entry.op === 'writeFile')!.paths[0];
    expect(claim).toMatch(/^\/locks\/jobs\.lock\.claim\./);
    expect(history.find((entry) => entry.op === 'link')).toMatchObject({
      outcome: 'EACCES',
      injected: true,
    });
    expect(history.at(-1)).toMatchObject({ op: 'unlink', paths: [claim], outcome: 'ok' });
  });

  it('lets a test rebind FsAdapter to its own FaultyFs, which the locks then use', async () => {
    const container = createLinklockContainer({ backend: 'memfs' });
    const volume = container.get(LINKLOCK.MemfsVolume);
    volume.mkdirSync('/locks');
    const fs = new FaultyFs(new MemfsAdapter(volume), {
      rules: [{ op: 'writeFile', errno: 'ENOSPC' }],
    });
    container.rebind(LINKLOCK.FsAdapter).toConstantValue(fs);
    const lock = container.get(LINKLOCK.LockFactory)('/locks/jobs.lock');

    await expect(lock.lock({ timeout: 1_000 })).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(fs.history()[0]).toMatchObject({ op: 'writeFile', outcome: 'ENOSPC', injected: true });
    expect(volume.readdirSync('/locks')).toEqual([]);
  });

  it("replaces the container's own FaultyFs on a rebind rather than wrapping the new one", async () => {
    const container = createLinklockContainer({
      backend: 'faulty',
      faults: { rules: [{ op: '*', errno: 'EIO' }] },
    });
    const volume = container.get(LINKLOCK.MemfsVolume);
    volume.mkdirSync('/locks');
    const mine = new FaultyFs(new MemfsAdapter(volume));
    container.rebind(LINKLOCK.FsAdapter).toConstantValue(mine);
    expect(container.get(LINKLOCK.FsAdapter)).toBe(mine);

    const lock = container.get(LINKLOCK.LockFactory)('/locks/jobs.lock');
    await lock.lock({ timeout: 1_000 });
    await lock.unlock();
    expect(mine.history().length).toBeGreaterThan(0);
    expect(mine.history().every((entry) => entry.outcome === 'ok')).toBe(true);
  });

  it('keeps the filesystem the factory was first resolved with: rebind before resolving', async () => {
    const container = createLinklockContainer({ backend: 'memfs' });
    const volume = container.get(LINKLOCK.MemfsVolume);
    volume.mkdirSync('/locks');
    const newLock = container.get(LINKLOCK.LockFactory);
    const late = new FaultyFs(new MemfsAdapter(volume), { rules: [{ op: '*', errno: 'EIO' }] });
    container.rebind(LINKLOCK.FsAdapter).toConstantValue(late);

    expect(container.get(LINKLOCK.LockFactory)).toBe(newLock);
    const lock = newLock('/locks/jobs.lock');
    await lock.lock({ timeout: 1_000 });
    await lock.unlock();
    expect(late.history()).toEqual([]);
  });
});
