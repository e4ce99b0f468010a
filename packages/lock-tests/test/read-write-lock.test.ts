import { AlreadyLockedError, LockTimeoutError, NotLockedError, parseRecord } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

const SHORT = { lifetime: 1_000, clockSlop: 500 };

/** Settles a promise into its outcome, so a pending acquisition can be looked at. */
function track<T>(promise: Promise<T>): { done: () => boolean; promise: Promise<T> } {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  return { done: () => settled, promise };
}

describe('ReadWriteLock', () => {
  describe('readers', () => {
    it('hold the lock together, each in a slot of its own, and leave only the slot count', async () => {
      const world = new World();
      const [a, b, c] = ['a', 'b', 'c'].map((name) => world.process(name));
      const handles = [
        await a!.rw.acquireRead(),
        await b!.rw.acquireRead(),
        await c!.rw.acquireRead(),
      ];
      expect(handles.map((handle) => handle.mode)).toEqual(['read', 'read', 'read']);
      const state = await a!.rw.state();
      expect(state.writer).toBeUndefined();
      expect(state.waitingWriter).toBe(false);
      expect(state.readers.map((reader) => reader.pid).sort()).toEqual(
        [a!, b!, c!].map((p) => p.identity.pid).sort(),
      );
      const slots = world.files().filter((name) => /^jobs\.lock\.slot\.\d+$/.test(name));
      expect(slots).toHaveLength(3);
      // The gate is let go once a reader has its slot.
      expect(world.files()).not.toContain('jobs.lock');
      for (const handle of handles) await handle.release();
      expect(world.files()).toEqual(['jobs.lock.slots']);
      expect(world.read('jobs.lock.slots')).toBe('linklock slots 1\n...');
    });

    it('reuse free slots rather than adding new ones', async () => {
      const world = new World();
      const a = world.process('a');
      for (let round = 0; round < 5; round += 1) await (await a.rw.acquireRead()).release();
      expect(world.read('jobs.lock.slots')).toBe('linklock slots 1\n.');
    });
  });

  describe('a writer', () => {
    it('holds the gate and every slot, so it excludes readers and writers', async () => {
      const world = new World();
      const [a, b, w] = ['a', 'b', 'w'].map((name) => world.process(name));
      await (await a!.rw.acquireRead()).release(); // one slot ever used
      const writing = await w!.rw.acquireWrite();
      expect(writing.mode).toBe('write');
      const nonce = parseRecord(world.read('jobs.lock'))?.nonce;
      expect(parseRecord(world.read('jobs.lock.slot.0'))?.nonce).toBe(nonce);
      expect(await a!.rw.tryAcquireRead()).toBeUndefined();
      expect(await b!.rw.tryAcquireWrite()).toBeUndefined();
      const state = await a!.rw.state();
      expect(state.writer?.pid).toBe(w!.identity.pid);
      expect(state.waitingWriter).toBe(false);
      expect(state.readers).toEqual([]);
      await writing.release();
      expect(world.files()).toEqual(['jobs.lock.slots']);
      await (await a!.rw.tryAcquireRead())?.release();
    });

    it('waits for every reader to leave, and new readers wait behind it (writers are preferred)', async () => {
      const world = new World();
      const [r1, r2, late, w] = ['r1', 'r2', 'late', 'w'].map((name) => world.process(name));
      const first = await r1!.rw.acquireRead();
      const second = await r2!.rw.acquireRead();
      const writing = track(w!.rw.acquireWrite());
      await world.time.sleep(200);
      expect(writing.done()).toBe(false);
      const state = await r1!.rw.state();
      expect(state.waitingWriter).toBe(true);
      expect(state.writer?.pid).toBe(w!.identity.pid);
      const lateReading = track(late!.rw.acquireRead());
      await world.time.sleep(200);
      expect(lateReading.done()).toBe(false);
      await first.release();
      await world.time.sleep(200);
      expect(writing.done()).toBe(false);
      await second.release();
      const writer = await writing.promise;
      expect(lateReading.done()).toBe(false);
      await world.time.sleep(200);
      expect(lateReading.done()).toBe(false);
      await writer.release();
      await (await lateReading.promise).release();
      expect(world.files()).toEqual(['jobs.lock.slots']);
    });

    it('times out with the readers named, leaving nothing of its own behind', async () => {
      const world = new World();
      const reader = world.process('reader');
      const w = world.process('w');
      const reading = await reader.rw.acquireRead();
      const error = await w.rw.acquireWrite({ timeout: 500 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LockTimeoutError);
      expect((error as Error).message).toMatch(/readers of \/locks\/jobs\.lock to leave/);
      expect((error as Error).message).toContain(`pid ${reader.identity.pid}`);
      expect(world.files().sort()).toEqual(
        [
          'jobs.lock.slot.0',
          'jobs.lock.slots',
          parseRecord(world.read('jobs.lock.slot.0'))!.claim,
        ].sort(),
      );
      // The reader is undisturbed, and a new reader gets in at once.
      const other = await world.process('other').rw.tryAcquireRead();
      expect(other).toBeDefined();
      await other!.release();
      await reading.release();
    });

    it('stops waiting when aborted, releasing the gate', async () => {
      const world = new World();
      const reader = world.process('reader');
      const w = world.process('w');
      const reading = await reader.rw.acquireRead();
      const controller = new AbortController();
      const writing = w.rw.acquireWrite({ signal: controller.signal });
      await world.time.sleep(100);
      controller.abort(new Error('shutting down'));
      await expect(writing).rejects.toMatchObject({ name: 'AbortError' });
      expect(world.files()).not.toContain('jobs.lock');
      await reading.release();
      expect(world.files()).toEqual(['jobs.lock.slots']);
    });
  });

  describe('one ReadWriteLock, one handle', () => {
    it('refuses a second handle, an upgrade and a downgrade with AlreadyLockedError', async () => {
      const world = new World();
      const a = world.process('a');
      const reading = await a.rw.acquireRead();
      await expect(a.rw.acquireRead()).rejects.toBeInstanceOf(AlreadyLockedError);
      await expect(a.rw.acquireWrite()).rejects.toThrow(/no upgrade/);
      await expect(a.rw.tryAcquireWrite()).rejects.toMatchObject({ code: 'EALREADYLOCKED' });
      await reading.release();
      const writing = await a.rw.acquireWrite();
      await expect(a.rw.acquireRead()).rejects.toThrow(/no downgrade/);
      await writing.release();
    });

    it('rejects a second release of a handle with NotLockedError', async () => {
      const world = new World();
      const a = world.process('a');
      const reading = await a.rw.acquireRead();
      await reading.release();
      await expect(reading.release()).rejects.toBeInstanceOf(NotLockedError);
      const writing = await a.rw.acquireWrite();
      // The old handle does not release the new one.
      await expect(reading.release()).rejects.toBeInstanceOf(NotLockedError);
      expect((await a.rw.state()).writer?.pid).toBe(a.identity.pid);
      await writing.release();
    });

    it('releases on `await using`', async () => {
      const world = new World();
      const a = world.process('a');
      {
        await using _reading = await a.rw.acquireRead();
        expect((await a.rw.state()).readers).toHaveLength(1);
      }
      expect((await a.rw.state()).readers).toHaveLength(0);
    });
  });

  describe('fencing', () => {
    it('gives every acquisition, read or write, a token greater than all before it', async () => {
      const world = new World();
      const [a, b, w] = ['a', 'b', 'w'].map((name) =>
        world.process(name, { lock: { fencing: true } }),
      );
      const first = await a!.rw.acquireRead();
      const second = await b!.rw.acquireRead();
      await first.release();
      await second.release();
      const writing = await w!.rw.acquireWrite();
      const third = track(a!.rw.acquireRead());
      await writing.release();
      const tokens = [first, second, writing, await third.promise].map((h) => h.fencingToken);
      expect(tokens).toEqual([1, 2, 3, 4]);
      expect((await b!.rw.state()).readers[0]?.token).toBe(4);
      await (await third.promise).release();
    });
  });

  describe('auto-refresh', () => {
    it('keeps a long reader in and the writer out past the lifetime', async () => {
      const world = new World();
      const reader = world.process('reader', { lock: SHORT });
      const w = world.process('w', { lock: SHORT });
      const reading = await reader.rw.acquireRead();
      const writing = track(w.rw.acquireWrite());
      await world.time.sleep(SHORT.lifetime * 5);
      expect(writing.done()).toBe(false);
      await reading.release();
      await (await writing.promise).release();
      expect(reader.logger.alarms()).toEqual([]);
    });
  });
});
