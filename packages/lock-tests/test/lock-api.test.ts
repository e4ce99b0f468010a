import { Lock } from '@linklock/core';
import { SeededRandom } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';
import { LOCKFILE, World } from './support/world.js';

describe('Lock API', () => {
  describe('.acquire()', () => {
    it('returns a handle that releases the lock when disposed with `await using`', async () => {
      const world = new World();
      const a = world.process('a');
      {
        await using held = await a.lock.acquire({ timeout: 1_000 });
        expect(held.lock).toBe(a.lock);
        expect(a.lock.held).toBe(true);
      }
      expect(a.lock.held).toBe(false);
      expect(world.files()).toEqual([]);
    });

    it('release() and dispose are the same unlock', async () => {
      const world = new World();
      const a = world.process('a');
      const held = await a.lock.acquire();
      await held.release();
      expect(world.files()).toEqual([]);
      await expect(held[Symbol.asyncDispose]()).rejects.toMatchObject({ code: 'ENOTLOCKED' });
    });
  });

  describe('.details()', () => {
    it('says who holds the lock, with the expiry on this process`s clock', async () => {
      const world = new World();
      const holder = world.process('holder', {
        hostname: 'web1.example.com',
        clockOffsetMs: 7_000,
      });
      const reader = world.process('reader', { hostname: 'web2.example.com' });
      expect(await reader.lock.details()).toBeNull();
      await holder.lock.lock();
      const details = await reader.lock.details();
      expect(details).toMatchObject({
        hostname: 'web1.example.com',
        pid: holder.identity.pid,
        bootId: 'boot-web1.example.com',
      });
      expect(details!.claimfile).toMatch(/^\/locks\/jobs\.lock\.claim\.web1\.\d+\./);
      // Filesystem time: the holder's clock is 7 s off, the reader's view is in its own clock.
      expect(Math.abs(details!.expiresAt - (reader.clock.now() + 15_000))).toBeLessThan(5);
      expect(details!.token).toBeUndefined();
      await holder.lock.unlock();
    });
  });

  describe('.state()', () => {
    it('tells ours-expired and theirs-expired apart from live states', async () => {
      const world = new World();
      const a = world.process('a', {
        hostname: 'host-a',
        lock: { lifetime: 1_000, clockSlop: 500, autoRefresh: false },
      });
      const b = world.process('b', {
        hostname: 'host-b',
        lock: { lifetime: 1_000, clockSlop: 500 },
      });
      await a.lock.lock();
      expect(await a.lock.state()).toBe('ours');
      expect(await b.lock.state()).toBe('theirs');
      world.time.advance(1_001);
      expect(await a.lock.state()).toBe('ours-expired');
      expect(await a.lock.isLocked()).toBe(false);
      expect(await b.lock.state()).toBe('theirs'); // expired, but inside the slop
      world.time.advance(500);
      expect(await b.lock.state()).toBe('theirs-expired');
    });

    it('has no side effect: state(), isLocked() and details() neither refresh nor leave files', async () => {
      const world = new World();
      const a = world.process('a', { lock: { autoRefresh: false } });
      const b = world.process('b');
      await a.lock.lock();
      const before = world.read('jobs.lock');
      const files = world.files();
      await b.lock.state();
      await b.lock.details();
      await a.lock.isLocked();
      expect(world.read('jobs.lock')).toBe(before);
      expect(world.files()).toEqual(files);
    });
  });

  describe('construction', () => {
    const base = () => {
      const world = new World();
      return {
        fs: world.server,
        clock: world.time,
        random: new SeededRandom(),
        identity: { hostname: 'h', pid: 1 },
      };
    };

    it.each([
      ['an empty path', ''],
      ['a non-string path', 42],
      ['a path with a NUL byte', '/locks/a\0b'],
      ['a directory-like path', '/locks/'],
    ])('rejects %s with a TypeError', (_what, path) => {
      expect(() => new Lock(path as string, base())).toThrow(TypeError);
    });

    it.each(['fs', 'clock', 'random', 'identity'] as const)(
      'requires `%s` in core, naming it',
      (name) => {
        const options = { ...base(), [name]: undefined };
        expect(() => new Lock(LOCKFILE, options)).toThrow(new RegExp(`\`${name}\``));
      },
    );

    it.each([
      ['lifetime', { lifetime: -1 }],
      ['lifetime', { lifetime: 0 }],
      ['lifetime', { lifetime: Number.NaN }],
      ['lifetime', { lifetime: Number.POSITIVE_INFINITY }],
      ['clockSlop', { clockSlop: -5 }],
      ['clockSlop', { clockSlop: Number.NaN }],
      ['retry.minDelay', { retry: { minDelay: Number.NaN } }],
      ['retry.maxDelay', { retry: { maxDelay: -1 } }],
    ])('rejects a bad `%s` with a RangeError naming it', (name, bad) => {
      expect(() => new Lock(LOCKFILE, { ...base(), ...bad })).toThrow(RangeError);
      expect(() => new Lock(LOCKFILE, { ...base(), ...bad })).toThrow(name);
    });

    it.each([[-1], [Number.NaN], ['100']])(
      'lock({ timeout: %s }) rejects with a RangeError naming `timeout`, writing nothing',
      async (timeout) => {
        const world = new World();
        const a = world.process('a');
        await expect(a.lock.lock({ timeout: timeout as number })).rejects.toThrow(/`timeout`/);
        expect(a.fs.history()).toEqual([]);
      },
    );

    it('accepts timeout: Infinity (wait forever) and 0', async () => {
      const world = new World();
      const a = world.process('a');
      await a.lock.lock({ timeout: Number.POSITIVE_INFINITY });
      await a.lock.unlock();
      await a.lock.lock({ timeout: 0 });
      await a.lock.unlock();
    });

    it('rejects a nonce that is not filename-safe', async () => {
      const lock = new Lock(LOCKFILE, {
        ...base(),
        random: { next: () => 0, nonce: () => '../../etc' },
      });
      await expect(lock.lock()).rejects.toThrow(TypeError);
    });
  });
});
