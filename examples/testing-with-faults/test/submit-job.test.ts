// The producer side, which calls node:fs/promises itself, under faults from
// @linklock/faulty/node swapped in with vi.mock; then the workers of job-queue.ts (on FaultyFs)
// drain what it submitted, on the same memfs volume.
import { createFaultyNodeFs, type FaultyNodeFs, type NodeFaultRule } from '@linklock/faulty/node';
import { describe, expect, it, onTestFailed, vi } from 'vitest';
import { claimNext } from '../src/job-queue.js';
import { submitJob } from '../src/submit-job.js';
import { SPOOL, spoolFiles, spoolWith, workerOn } from './support/spool.js';

const disk = vi.hoisted(() => ({ current: undefined as unknown as FaultyNodeFs }));
vi.mock('node:fs/promises', async () => {
  const { mockedFsModule } = await import('@linklock/faulty/node');
  return mockedFsModule(() => disk.current, 'promises');
});

/** An empty spool with its `.incoming` directory, seen by the producer through these rules. */
function producerOn(rules: NodeFaultRule[] = []) {
  const volume = spoolWith({});
  volume.mkdirSync(`${SPOOL}/.incoming`);
  disk.current = createFaultyNodeFs({ inner: volume, seed: 1, rules });
  disk.current.printOnFailure(onTestFailed);
  const incoming = () => volume.readdirSync(`${SPOOL}/.incoming`);
  return { volume, incoming };
}

describe('submitJob()', () => {
  it('puts the job into the spool, where a worker claims it', async () => {
    const { volume, incoming } = producerOn();

    await submitJob(SPOOL, '1', 'work');

    expect(spoolFiles(volume)).toEqual(['.incoming', '1.job']);
    expect(incoming()).toEqual([]);
    expect(await claimNext(workerOn(volume, 'w1'))).toMatchObject({ id: '1', payload: 'work' });
  });

  it('a disk that fills up half way: reported, and no half job anywhere', async () => {
    const { volume, incoming } = producerOn([{ op: 'writeFile', errno: 'ENOSPC', partial: 2 }]);

    await expect(submitJob(SPOOL, '1', 'work')).rejects.toMatchObject({ code: 'ENOSPC' });

    expect(spoolFiles(volume)).toEqual(['.incoming']);
    expect(incoming()).toEqual([]);
  });

  it('EIO from fsync: reported, and the job is not submitted', async () => {
    const { volume, incoming } = producerOn([{ op: 'fsync', errno: 'EIO' }]);

    await expect(submitJob(SPOOL, '1', 'work')).rejects.toMatchObject({ code: 'EIO' });

    expect(spoolFiles(volume)).toEqual(['.incoming']);
    expect(incoming()).toEqual([]);
  });

  it('a lost reply to the rename: the job was submitted, once, and that is reported', async () => {
    const { volume } = producerOn([{ op: 'rename', errno: 'EIO', phase: 'after' }]);

    await submitJob(SPOOL, '1', 'work');

    expect(spoolFiles(volume)).toEqual(['.incoming', '1.job']);
    expect(disk.current.history({ op: 'rename' })[0]).toMatchObject({
      outcome: 'EIO',
      tookEffect: true,
    });
  });

  it('a rename that failed before taking effect: reported, nothing left behind', async () => {
    const { volume, incoming } = producerOn([{ op: 'rename', errno: 'EIO' }]);

    await expect(submitJob(SPOOL, '1', 'work')).rejects.toMatchObject({ code: 'EIO' });

    expect(spoolFiles(volume)).toEqual(['.incoming']);
    expect(incoming()).toEqual([]);
  });
});
