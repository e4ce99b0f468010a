import type { FsAdapter } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

/** The same adapter without `watch`, as on a filesystem that cannot watch. */
function withoutWatch(fs: FsAdapter): FsAdapter {
  const { watch: _omit, ...rest } = Object.fromEntries(
    ['writeFile', 'read', 'writeAt', 'link', 'unlink', 'rename', 'stat', 'readdir'].map((op) => [
      op,
      (fs as unknown as Record<string, (...args: unknown[]) => unknown>)[op]!.bind(fs),
    ]),
  ) as Record<string, unknown>;
  return { ...rest, capabilities: fs.capabilities } as unknown as FsAdapter;
}

// Mailman and flufl.lock sleep 0.01-2 s at random; proper-lockfile backs off from 1 s.
describe('H15: a waiter neither spins nor oversleeps', () => {
  it('backs off exponentially within retry bounds while the lock stays held', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter', {
      wrap: withoutWatch,
      lock: { retry: { minDelay: 20, maxDelay: 800 } },
    });
    await holder.lock.lock();
    await expect(waiter.lock.lock({ timeout: 10_000 })).rejects.toMatchObject({
      code: 'ELOCKTIMEOUT',
    });
    const attempts = waiter.fs.history({ op: 'link', path: /jobs\.lock$/ }).length;
    // 20, 40, ... 640, then about 400-800 ms each: roughly 6 + 12 to 24 attempts in 10 s.
    expect(attempts).toBeGreaterThanOrEqual(12);
    expect(attempts).toBeLessThanOrEqual(40);
    await holder.lock.unlock();
  });

  it('polls a holder on another host with the link alone, looking at its record about once a second', async () => {
    const world = new World();
    const holder = world.process('holder', { hostname: 'host-b' });
    const waiter = world.process('waiter', {
      wrap: withoutWatch,
      lock: { retry: { minDelay: 100, maxDelay: 100 } },
    });
    await holder.lock.lock();
    await expect(waiter.lock.lock({ timeout: 3_000 })).rejects.toMatchObject({
      code: 'ELOCKTIMEOUT',
    });
    const links = waiter.fs.history({ op: 'link', path: /jobs\.lock$/ }).length;
    const looks = waiter.fs.history({ op: 'read', path: /jobs\.lock$/ }).length;
    // A link every 50-100 ms for 3 s; a look at the start and after each second of them.
    expect(links).toBeGreaterThanOrEqual(30);
    expect(looks).toBeGreaterThanOrEqual(3);
    expect(looks).toBeLessThanOrEqual(5);
    await holder.lock.unlock();
  });

  it('takes the lock from a holder on another host within a poll of its release', async () => {
    const world = new World();
    const holder = world.process('holder', { hostname: 'host-b' });
    const waiter = world.process('waiter', {
      wrap: withoutWatch,
      lock: { retry: { minDelay: 100, maxDelay: 100 } },
    });
    await holder.lock.lock();
    const waiting = waiter.lock.lock();
    await holder.clock.sleep(2_500);
    const releasedAt = world.time.now();
    await holder.lock.unlock();
    await waiting;
    expect(world.time.now() - releasedAt).toBeLessThanOrEqual(100);
    await waiter.lock.unlock();
  });

  it('with a directory watch, takes the lock at once when the holder releases (no sleep to finish)', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter', {
      lock: { retry: { minDelay: 1_000, maxDelay: 60_000 } },
    });
    await holder.lock.lock();
    const waiting = waiter.lock.lock();
    await holder.clock.sleep(5_000); // the waiter is deep in a long backoff now
    const releasedAt = world.time.now();
    await holder.lock.unlock();
    await waiting;
    expect(world.time.now() - releasedAt).toBeLessThan(10);
    await waiter.lock.unlock();
  });

  // A breaker's guard coming and going is a change worth a look too: the lock may be free now.
  it('a lock in the root directory: its break guard changing wakes the waiter', async () => {
    const world = new World();
    const lockfile = '/jobs.lock';
    const holder = world.process('holder', { lockfile });
    const waiter = world.process('waiter', {
      lockfile,
      lock: { retry: { minDelay: 1_000, maxDelay: 60_000 } },
    });
    await holder.lock.lock();
    const waiting = waiter.lock.lock();
    await holder.clock.sleep(5_000); // the waiter is deep in a long backoff now
    const links = () => waiter.fs.history({ op: 'link' }).length;
    const before = links();
    await holder.fs.writeFile(`${lockfile}.break`, 'breaking', { exclusive: true });
    await holder.fs.unlink(`${lockfile}.break`);
    await holder.clock.sleep(10);
    expect(links()).toBeGreaterThan(before);
    await holder.lock.unlock();
    await waiting;
    await waiter.lock.unlock();
  });

  it('without a watch, takes the lock within maxDelay of the release', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter', {
      wrap: withoutWatch,
      lock: { retry: { minDelay: 10, maxDelay: 200 } },
    });
    await holder.lock.lock();
    const waiting = waiter.lock.lock();
    await holder.clock.sleep(5_000);
    const releasedAt = world.time.now();
    await holder.lock.unlock();
    await waiting;
    expect(world.time.now() - releasedAt).toBeLessThanOrEqual(200);
    await waiter.lock.unlock();
  });

  it('wakes when the holder`s lock becomes breakable instead of sleeping past it', async () => {
    const world = new World();
    const holder = world.process('holder', {
      hostname: 'host-z',
      lock: { lifetime: 1_000, clockSlop: 0, autoRefresh: false },
    });
    const waiter = world.process('waiter', {
      wrap: withoutWatch,
      lock: { lifetime: 1_000, clockSlop: 0, retry: { minDelay: 10_000, maxDelay: 10_000 } },
    });
    await holder.lock.lock();
    const start = world.time.now();
    await waiter.lock.lock();
    expect(world.time.now() - start).toBeLessThan(1_100);
    await waiter.lock.unlock();
  });

  it('rejects retry bounds that make no sense, naming the option', () => {
    const world = new World();
    expect(() => world.process('x', { lock: { retry: { minDelay: -1 } } })).toThrow(
      /retry\.minDelay/,
    );
    expect(() => world.process('x', { lock: { retry: { minDelay: 50, maxDelay: 10 } } })).toThrow(
      /retry\.maxDelay/,
    );
    expect(() => world.process('x', { lock: { retry: { maxDelay: Number.NaN } } })).toThrow(
      RangeError,
    );
    expect(() =>
      world.process('x', { lock: { retry: { maxDelay: Number.POSITIVE_INFINITY } } }),
    ).toThrow(/retry\.maxDelay/);
  });

  it('does not miss a release that happens between its look at the lock file and its sleep', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter', {
      lock: { retry: { minDelay: 5_000, maxDelay: 5_000 } },
    });
    await holder.lock.lock();
    const looked = waiter.fs.pause({ op: 'read', path: /jobs\.lock$/, phase: 'after' });
    const waiting = waiter.lock.lock();
    await looked.reached; // it saw a live holder and is about to sleep
    await holder.lock.unlock();
    const releasedAt = world.time.now();
    looked.release();
    await waiting;
    expect(world.time.now() - releasedAt).toBeLessThan(10);
    await waiter.lock.unlock();
  });

  it('a lock changing hands fast: a waiter woken for nothing polls briefly instead of watching', async () => {
    const world = new World();
    const holder = world.process('holder');
    const watches = { started: 0, active: 0 };
    const waiter = world.process('waiter', { wrap: (fs) => countingWatches(fs, watches) });
    const watching = () => watches.started;
    await holder.lock.lock();
    const waiting = waiter.lock.lock();
    await holder.clock.sleep(100);
    expect(watching()).toBe(1);
    // The holder releases and takes the lock back before the waiter, woken by the release,
    // gets to link: the waiter finds it taken with one link (no read of the lock file) and
    // stops watching.
    const gate = waiter.fs.pause({ op: 'link', path: /jobs\.lock$/ });
    await holder.lock.unlock();
    await gate.reached;
    await holder.lock.lock();
    const reads = waiter.fs.history({ op: 'read', path: /jobs\.lock$/ }).length;
    gate.release();
    await holder.clock.sleep(1);
    expect(waiter.fs.history({ op: 'read', path: /jobs\.lock$/ }).length).toBe(reads);
    expect(watches.active).toBe(0);
    const linksBefore = waiter.fs.history({ op: 'link', path: /jobs\.lock$/ }).length;
    // Polling: sleeps doubling from 4 ms (each jittered to half to full), none longer than the
    // 50 ms liveness interval, a link each, about 110-160 ms in all; then a full look and the
    // watch again.
    await holder.clock.sleep(300);
    const polls = waiter.fs.history({ op: 'link', path: /jobs\.lock$/ }).length - linksBefore;
    expect(polls).toBeGreaterThanOrEqual(6);
    expect(polls).toBeLessThanOrEqual(9);
    expect(watching()).toBe(2);
    expect(watches.active).toBe(1);
    const releasedAt = world.time.now();
    await holder.lock.unlock();
    await waiting;
    expect(world.time.now() - releasedAt).toBeLessThan(10); // watching again: at once
    expect(watches.active).toBe(0);
    await waiter.lock.unlock();
    expect(world.files()).toEqual([]);
  });
});

/** `fs` with its watch subscriptions counted: started in all, and still active. */
function countingWatches(fs: FsAdapter, watches: { started: number; active: number }): FsAdapter {
  return new Proxy(fs, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property !== 'watch') return value.bind(target);
      return (directory: string, onChange: (filename: string | null) => void) => {
        watches.started += 1;
        watches.active += 1;
        const stop = value.call(target, directory, onChange) as () => void;
        let stopped = false;
        return () => {
          if (!stopped) watches.active -= 1;
          stopped = true;
          stop();
        };
      };
    },
  });
}
