import { describe, expect, it } from 'vitest';
import { LyingStatsFs } from './support/lying-stats-fs.js';
import { World } from './support/world.js';

const SSHFS_LIKE = {
  wrap: (fs: import('@linklock/core').FsAdapter) =>
    new LyingStatsFs(
      fs,
      { nlink: 1, randomIno: true },
      { reliableNlink: false, reliableIno: false },
    ),
};

// sshfs reports nlink 1 always and different inode numbers for the two names of one file;
// flufl.lock then says is_locked() false for a lock it holds and unlock() raises.
describe('H4/H5: link counts and inode numbers that cannot be trusted', () => {
  it('H4: decides ownership from the lock file content, not nlink: lock, state, refresh and unlock work', async () => {
    const world = new World();
    const a = world.process('a', SSHFS_LIKE);
    await a.lock.lock();
    expect((await a.fs.stat('/locks/jobs.lock')).nlink).toBe(1); // the lie is in force
    expect(await a.lock.isLocked()).toBe(true);
    expect(await a.lock.state()).toBe('ours');
    await a.lock.refresh();
    await a.lock.unlock();
    expect(world.files()).toEqual([]);
    expect(a.logger.alarms()).toEqual([]);
  });

  it('H5: two contenders with unstable inode numbers still exclude each other', async () => {
    const world = new World();
    const a = world.process('a', SSHFS_LIKE);
    const b = world.process('b', { ...SSHFS_LIKE, hostname: 'host-b' });
    await a.lock.lock();
    expect(await b.lock.tryLock()).toBe(false);
    expect(await b.lock.state()).toBe('theirs');
    expect(await a.lock.isLocked()).toBe(true);
    await a.lock.unlock();
    expect(await b.lock.tryLock()).toBe(true);
    expect(await a.lock.state()).toBe('theirs');
    await b.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('H4: a lost link reply on a mount with nlink 1 is still recognised as ours', async () => {
    const world = new World();
    const a = world.process('a', SSHFS_LIKE);
    a.fs.addRule({ op: 'link', path: /jobs\.lock$/, errno: 'EEXIST', phase: 'after', times: 1 });
    await a.lock.lock({ timeout: 0 });
    expect(a.lock.held).toBe(true);
    await a.lock.unlock();
  });
});
