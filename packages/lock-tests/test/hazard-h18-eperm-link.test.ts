import { UnsupportedFilesystemError } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

const LOCK_PATH = /jobs\.lock$/;

// sshfs: SFTP has no "exists" status, so link onto a name this mount has not looked up yet
// fails with EPERM. flufl.lock treats that as fatal.
describe('H18: link() onto an existing name fails with EPERM', () => {
  it('is contention while a lock file exists: the waiter waits, then acquires', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter', { hostname: 'host-b' });
    waiter.fs.addRule({ op: 'link', translate: { from: 'EEXIST', to: 'EPERM' } });
    await holder.lock.lock();
    expect(await waiter.lock.tryLock()).toBe(false);
    const waiting = waiter.lock.lock({ timeout: 30_000 });
    await waiter.clock.sleep(2_000);
    await holder.lock.unlock();
    await waiting;
    expect(waiter.lock.held).toBe(true);
    expect(waiter.fs.history().some((call) => call.op === 'link' && call.outcome === 'EPERM')).toBe(
      true,
    );
    await waiter.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('is UnsupportedFilesystemError only when no lock file exists and link keeps failing', async () => {
    const world = new World();
    const a = world.process('a');
    a.fs.addRule({ op: 'link', path: LOCK_PATH, errno: 'EPERM', times: 10 });
    await expect(a.lock.lock()).rejects.toBeInstanceOf(UnsupportedFilesystemError);
    expect(world.files()).toEqual([]);
  });

  it('one stray EPERM with no lock file is retried, not fatal', async () => {
    const world = new World();
    const a = world.process('a');
    a.fs.addRule({ op: 'link', path: LOCK_PATH, errno: 'EPERM', times: 1 });
    await a.lock.lock();
    expect(a.lock.held).toBe(true);
    await a.lock.unlock();
  });

  it('an adapter that declares no hard links is refused up front, with nothing written', async () => {
    const world = new World();
    const a = world.process('a', { capabilities: { hardLinks: false } });
    await expect(a.lock.lock()).rejects.toMatchObject({ code: 'ELOCKUNSUPPORTED' });
    expect(a.fs.history()).toEqual([]);
  });

  it('ENOTSUP from link is UnsupportedFilesystemError, claim removed', async () => {
    const world = new World();
    const a = world.process('a');
    a.fs.addRule({ op: 'link', errno: 'ENOTSUP', times: 1 });
    await expect(a.lock.lock()).rejects.toMatchObject({
      code: 'ELOCKUNSUPPORTED',
      cause: { code: 'ENOTSUP' },
    });
    expect(world.files()).toEqual([]);
  });
});
