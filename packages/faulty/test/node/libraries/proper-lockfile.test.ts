// proper-lockfile 4.1.2 takes an `fs` option: it gets the facade over memfs. Its lock is a
// directory made with mkdir, refreshed by utimes on a timer, removed with rmdir. Its timers and
// clock are vitest's fake ones, so its 5 s refreshes and 10 s staleness take no real time.
import { createFaultyNodeFs, type NodeFaultRule } from '@linklock/faulty/node';
import { Volume } from 'memfs';
import * as lockfile from 'proper-lockfile';
import { afterEach, beforeEach, describe, expect, it, onTestFailed, vi } from 'vitest';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_750_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

function disk(
  rules: NodeFaultRule[],
  extra: Parameters<typeof createFaultyNodeFs>[0] | object = {},
) {
  const volume = new Volume();
  volume.mkdirSync('/d');
  volume.writeFileSync('/d/file', 'data');
  const faulty = createFaultyNodeFs({ inner: volume, seed: 1, rules, ...extra });
  faulty.printOnFailure(onTestFailed);
  return { volume, faulty, options: { fs: faulty.fs, realpath: false } };
}

describe('proper-lockfile under faults', () => {
  it('a lost reply to mkdir: the lock is held by nobody, and refused to everyone until stale', async () => {
    const { volume, options } = disk([
      { op: 'mkdir', path: '/d/file.lock', errno: 'EEXIST', phase: 'after', times: 1 },
    ]);

    await expect(lockfile.lock('/d/file', options)).rejects.toMatchObject({ code: 'ELOCKED' });
    expect(volume.existsSync('/d/file.lock')).toBe(true); // made by our own mkdir
    await expect(lockfile.lock('/d/file', options)).rejects.toMatchObject({ code: 'ELOCKED' });

    await vi.advanceTimersByTimeAsync(10_001); // the default `stale`
    const release = await lockfile.lock('/d/file', options);
    await release();
  });

  it('EIO on every refresh: onCompromised is called from its refresh timer, ~10 s later', async () => {
    const { volume, faulty, options } = disk([
      // the first utimes is the mtime-precision probe of the acquisition; the refreshes follow
      { op: 'utimes', path: '/d/file.lock', errno: 'EIO', nth: 2, times: 1_000 },
    ]);
    const compromised: Error[] = [];

    await lockfile.lock('/d/file', {
      ...options,
      onCompromised: (error) => compromised.push(error),
    });
    await vi.advanceTimersByTimeAsync(9_000);
    expect(compromised).toEqual([]);
    await vi.advanceTimersByTimeAsync(3_000);

    expect(compromised).toHaveLength(1);
    expect(compromised[0]).toMatchObject({ code: 'ECOMPROMISED', syscall: 'utime' });
    // The default onCompromised is `(err) => { throw err; }`: thrown from inside this utimes
    // callback, it is an uncaught exception. And the lock directory stays behind:
    expect(volume.existsSync('/d/file.lock')).toBe(true);
    // The probe, then a refresh at 5 s failing, retried every second until past the 10 s threshold.
    const utimes = faulty.history({ op: 'utimes' }).map((entry) => entry.outcome);
    expect(utimes).toEqual(['ok', ...Array(7).fill('EIO')]);
  });

  it('a lost reply to rmdir on release (ENOENT): taken as released, correctly', async () => {
    const { volume, options } = disk([
      { op: 'rmdir', path: '/d/file.lock', errno: 'ENOENT', phase: 'after' },
    ]);

    const release = await lockfile.lock('/d/file', options);
    await release();

    expect(volume.existsSync('/d/file.lock')).toBe(false);
  });

  it('a removed lock directory that stays visible: its own holder cannot lock again until it is gone', async () => {
    const { options } = disk([], {
      clock: { now: () => Date.now(), sleep: async () => {} },
      delayUnlink: { ms: 3_000, path: '/d/file.lock' },
    });

    const release = await lockfile.lock('/d/file', options);
    await release();
    await expect(lockfile.lock('/d/file', options)).rejects.toMatchObject({ code: 'ELOCKED' });

    await vi.advanceTimersByTimeAsync(3_000);
    await (await lockfile.lock('/d/file', options))();
  });

  it('EACCES on mkdir: reported as it is, nothing left behind', async () => {
    const { volume, options } = disk([{ op: 'mkdir', errno: 'EACCES' }]);

    await expect(lockfile.lock('/d/file', options)).rejects.toMatchObject({ code: 'EACCES' });
    expect(volume.existsSync('/d/file.lock')).toBe(false);
  });
});
