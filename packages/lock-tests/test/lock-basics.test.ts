import { AlreadyLockedError, Lock, NotLockedError, parseRecord } from '@linklock/core';
import { FaultyFs } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';
import { LOCKFILE, World } from './support/world.js';

describe('Lock', () => {
  describe('.lock() and .unlock() without contention', () => {
    it('creates the lock file with our record and removes everything at unlock', async () => {
      const world = new World();
      const a = world.process('a');
      await a.lock.lock();
      expect(a.lock.held).toBe(true);
      const record = parseRecord(world.read('jobs.lock'));
      expect(record?.pid).toBe(a.identity.pid);
      expect(record?.hostname).toBe('host-a');
      expect(world.files()).toEqual(['jobs.lock', record!.claim].sort());
      expect(await a.lock.isLocked()).toBe(true);
      expect(await a.lock.state()).toBe('ours');
      await a.lock.unlock();
      expect(a.lock.held).toBe(false);
      expect(world.files()).toEqual([]);
      expect(await a.lock.state()).toBe('unlocked');
    });

    it('uses two file operations to acquire and four to release', async () => {
      const world = new World();
      const a = world.process('a', { lock: { timeSource: 'local' } });
      await a.lock.lock();
      await a.lock.unlock();
      // claim, link | rename aside, verify, remove the tombstone, remove the claim
      expect(a.fs.history().map((call) => call.op)).toEqual([
        'writeFile',
        'link',
        'rename',
        'read',
        'unlink',
        'unlink',
      ]);
    });

    it('rejects a second lock() on the same Lock with AlreadyLockedError', async () => {
      const world = new World();
      const a = world.process('a');
      await a.lock.lock();
      await expect(a.lock.lock()).rejects.toBeInstanceOf(AlreadyLockedError);
      await expect(a.lock.tryLock()).rejects.toMatchObject({ code: 'EALREADYLOCKED' });
      await a.lock.unlock();
    });

    it('rejects unlock() when not held with NotLockedError', async () => {
      const world = new World();
      const a = world.process('a');
      await expect(a.lock.unlock()).rejects.toBeInstanceOf(NotLockedError);
      await expect(a.lock.unlock({ unconditionally: true })).resolves.toBeUndefined();
    });
  });

  describe('contention between two processes', () => {
    it('makes the second wait until the first releases', async () => {
      const world = new World();
      const a = world.process('a');
      const b = world.process('b');
      await a.lock.lock();
      expect(await b.lock.tryLock()).toBe(false);
      expect(await b.lock.state()).toBe('theirs');
      const waiting = b.lock.lock();
      await world.time.sleep(500);
      expect(b.lock.held).toBe(false);
      await a.lock.unlock();
      await waiting;
      expect(b.lock.held).toBe(true);
      await b.lock.unlock();
      expect(world.files()).toEqual([]);
    });
  });

  it('runs over the disk the test project chose (plain, or through a transparent FaultyFs)', () => {
    const world = new World();
    expect(world.server instanceof FaultyFs).toBe(Boolean(process.env.LINKLOCK_THROUGH_FAULTY));
  });

  it('is exported with the documented names', () => {
    expect(typeof Lock).toBe('function');
    expect(LOCKFILE).toBe('/locks/jobs.lock');
  });
});
