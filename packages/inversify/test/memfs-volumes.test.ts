import { Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import { createLinklockContainer, LINKLOCK } from '../src/index.js';

describe('memfs volumes', () => {
  it("gives each container a fresh volume: two containers do not see each other's files", async () => {
    const first = createLinklockContainer({ backend: 'memfs' });
    const second = createLinklockContainer({ backend: 'memfs' });
    const firstVolume = first.get(LINKLOCK.MemfsVolume);
    const secondVolume = second.get(LINKLOCK.MemfsVolume);
    expect(secondVolume).not.toBe(firstVolume);
    firstVolume.mkdirSync('/locks');
    secondVolume.mkdirSync('/locks');

    const a = first.get(LINKLOCK.LockFactory)('/locks/jobs.lock');
    const b = second.get(LINKLOCK.LockFactory)('/locks/jobs.lock');
    await a.lock({ timeout: 1_000 });
    expect(await b.tryLock()).toBe(true);
    expect(firstVolume.readdirSync('/locks')).toContain('jobs.lock');
    expect(secondVolume.readdirSync('/locks')).toContain('jobs.lock');
    await a.unlock();
    expect(secondVolume.existsSync('/locks/jobs.lock')).toBe(true);
    await b.unlock();
  });

  it('makes two containers given one `volume` behave as two processes on one disk', async () => {
    const volume = new Volume();
    volume.mkdirSync('/locks');
    const first = createLinklockContainer({ backend: 'memfs', memfs: { volume } });
    const second = createLinklockContainer({ backend: 'memfs', memfs: { volume } });
    expect(first.get(LINKLOCK.MemfsVolume)).toBe(volume);

    const a = first.get(LINKLOCK.LockFactory)('/locks/jobs.lock');
    const b = second.get(LINKLOCK.LockFactory)('/locks/jobs.lock');
    await a.lock({ timeout: 1_000 });
    expect(await b.tryLock()).toBe(false);
    expect(await b.state()).toBe('theirs');

    // A waiter in the other container gets the lock once the first lets go.
    const waiting = b.lock({ timeout: 2_000 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(b.held).toBe(false);
    await a.unlock();
    await waiting;
    expect(b.held).toBe(true);
    expect(await a.tryLock()).toBe(false);
    await b.unlock();
    expect(volume.readdirSync('/locks')).toEqual([]);
  });
});
