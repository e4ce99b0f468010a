// Two workers in an exact order, forced with pause hooks: the races that show once in a
// thousand runs, every run.
import { describe, expect, it } from 'vitest';
import { claimNext, complete } from '../src/job-queue.js';
import { SPOOL, spoolFiles, spoolWith, workerOn } from './support/spool.js';

describe('two workers', () => {
  it('after the same job: exactly one gets it, the other moves on to the next', async () => {
    const volume = spoolWith({ 1: 'one', 2: 'two' });
    const a = workerOn(volume, 'a');
    const b = workerOn(volume, 'b');
    const aCreates = a.fs.pause({ op: 'writeFile', path: `${SPOOL}/1.claim` });

    const claiming = claimNext(a);
    await aCreates.reached; // A listed the spool and is about to claim job 1
    const claimOfB = await claimNext(b); // B lists the same spool and runs to the end
    aCreates.release();
    const claimOfA = await claiming;

    expect([claimOfA?.id, claimOfB?.id]).toEqual(['2', '1']);
  });

  it('a job that is being completed is not claimed again', async () => {
    const volume = spoolWith({ 1: 'one' });
    const a = workerOn(volume, 'a');
    const b = workerOn(volume, 'b');
    const claimOfA = await claimNext(a);
    const aRemovesJob = a.fs.pause({ op: 'unlink', path: `${SPOOL}/1.job` });

    const completing = complete(a, claimOfA!);
    await aRemovesJob.reached; // A is finishing: the job file is about to go
    expect(await claimNext(b)).toBeNull(); // the marker still keeps B off
    aRemovesJob.release();
    await completing;

    expect(spoolFiles(volume)).toEqual([]);
  });

  it('a job completed between listing and claiming is not run, and no marker is left', async () => {
    const volume = spoolWith({ 1: 'one' });
    const a = workerOn(volume, 'a');
    const b = workerOn(volume, 'b');
    const claimOfA = await claimNext(a);
    const bCreates = b.fs.pause({ op: 'writeFile', path: `${SPOOL}/1.claim` });

    const claiming = claimNext(b);
    await bCreates.reached; // B saw 1.job listed, and is about to create its marker
    await complete(a, claimOfA!);
    bCreates.release();

    expect(await claiming).toBeNull();
    expect(spoolFiles(volume)).toEqual([]);
  });
});
