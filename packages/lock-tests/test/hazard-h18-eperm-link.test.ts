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

  it('is UnsupportedFilesystemError when link fails with EPERM onto a new name too (no hard links)', async () => {
    const world = new World();
    const a = world.process('a');
    a.fs.addRule({ op: 'link', errno: 'EPERM' });
    await expect(a.lock.lock()).rejects.toMatchObject({
      code: 'ELOCKUNSUPPORTED',
      message: expect.stringContaining('also onto a new name'),
    });
    expect(world.files()).toEqual([]);
  });

  // sshfs under churn: a lock handed over thousands of times a second is often released
  // between a waiter's link (EPERM: the name existed) and its look (no file). Counting such
  // answers took that for a filesystem without hard links; the probe link tells them apart.
  it('a lock released between link and look, many times in a row, is not taken for no hard links', async () => {
    const world = new World();
    const a = world.process('a');
    a.fs.addRule({ op: 'link', path: LOCK_PATH, errno: 'EPERM', times: 20 });
    await a.lock.lock();
    expect(a.lock.held).toBe(true);
    const probes = a.fs
      .history()
      .filter(
        (call) =>
          call.op === 'link' && call.outcome === 'ok' && !LOCK_PATH.test(call.paths[1] ?? ''),
      );
    expect(probes.length).toBeGreaterThan(0);
    await a.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('a held lock that a stale lookup calls absent is neither broken nor taken', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter', { hostname: 'host-b' });
    waiter.fs.addRule({ op: 'link', translate: { from: 'EEXIST', to: 'EPERM' } });
    waiter.fs.addRule({ op: 'read', path: LOCK_PATH, errno: 'ENOENT', times: 8 });
    await holder.lock.lock();
    expect(await waiter.lock.tryLock()).toBe(false);
    expect(holder.lock.held).toBe(true);
    await holder.lock.refresh();
    await holder.lock.unlock();
    expect(await waiter.lock.tryLock()).toBe(true);
    await waiter.lock.unlock();
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
