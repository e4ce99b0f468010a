// The job queue against injected faults: lost replies (errors after the operation took
// effect), errors before it, a translated error code, and an unlink seen late.

import { VirtualClock } from '@linklock/conformance';
import { describe, expect, it } from 'vitest';
import { claimNext, complete, release } from '../src/job-queue.js';
import { SPOOL, spoolFiles, spoolWith, workerOn } from './support/spool.js';

describe('claimNext() and complete()', () => {
  it('hand out each job once, in name order, and leave an empty spool', async () => {
    const volume = spoolWith({ b: 'second', a: 'first' });
    const worker = workerOn(volume, 'w1');

    const first = await claimNext(worker);
    const second = await claimNext(worker);
    expect([first?.payload, second?.payload]).toEqual(['first', 'second']);
    expect(await claimNext(worker)).toBeNull();

    await complete(worker, first!);
    await complete(worker, second!);
    expect(spoolFiles(volume)).toEqual([]);
  });
});

describe('when the reply to the marker create is lost', () => {
  it('EEXIST from our own create: the job is ours (its marker holds our record)', async () => {
    const volume = spoolWith({ 1: 'work' });
    const worker = workerOn(volume, 'w1', {
      rules: [{ op: 'writeFile', path: `${SPOOL}/1.claim`, errno: 'EEXIST', phase: 'after' }],
    });

    const claim = await claimNext(worker);

    expect(claim).toMatchObject({ id: '1', payload: 'work' });
    expect(volume.readFileSync(`${SPOOL}/1.claim`, 'utf8')).toBe(claim!.record);
    expect(worker.fs.history()[1]).toMatchObject({ op: 'writeFile', outcome: 'EEXIST' });
    expect(worker.fs.history()[1]?.tookEffect).toBe(true);
    await complete(worker, claim!);
    expect(spoolFiles(volume)).toEqual([]); // no marker left to block the job forever
  });

  it('EIO from a soft mount after the create happened: the job is ours', async () => {
    const volume = spoolWith({ 1: 'work' });
    const worker = workerOn(volume, 'w1', {
      rules: [{ op: 'writeFile', path: /\.claim$/, errno: 'EIO', phase: 'after' }],
    });

    expect(await claimNext(worker)).toMatchObject({ id: '1', payload: 'work' });
  });

  it('EIO before the create happened: reported, and the job stays free for the next try', async () => {
    const volume = spoolWith({ 1: 'work' });
    const worker = workerOn(volume, 'w1', {
      rules: [{ op: 'writeFile', path: /\.claim$/, errno: 'EIO', times: 1 }],
    });

    await expect(claimNext(worker)).rejects.toMatchObject({ code: 'EIO' });
    expect(spoolFiles(volume)).toEqual(['1.job']);
    expect(await claimNext(worker)).toMatchObject({ id: '1' });
  });
});

describe('when the reply to a removal is lost', () => {
  it('complete() takes ENOENT from its own removals as done, and removes both files', async () => {
    const volume = spoolWith({ 1: 'work' });
    const worker = workerOn(volume, 'w1', {
      rules: [{ op: 'unlink', errno: 'ENOENT', phase: 'after' }],
    });
    const claim = await claimNext(worker);

    await complete(worker, claim!);

    expect(spoolFiles(volume)).toEqual([]);
    expect(worker.fs.history().filter((entry) => entry.op === 'unlink')).toMatchObject([
      { paths: [`${SPOOL}/1.job`], outcome: 'ENOENT', tookEffect: true },
      { paths: [`${SPOOL}/1.claim`], outcome: 'ENOENT', tookEffect: true },
    ]);
  });
});

describe('when the marker vanishes between the failed create and the read', () => {
  /** B finds A's marker (EEXIST), and A gives the job back before B reads the marker. */
  async function releasedUnderTheReader(options: Parameters<typeof workerOn>[2] = {}) {
    const volume = spoolWith({ 1: 'work' });
    const a = workerOn(volume, 'a');
    const b = workerOn(volume, 'b', options);
    const claimOfA = await claimNext(a);
    const bReads = b.fs.pause({ op: 'read', path: `${SPOOL}/1.claim` });

    const claiming = claimNext(b);
    await bReads.reached; // B's create failed with EEXIST; B is about to read the marker
    await release(a, claimOfA!);
    bReads.release();

    return { claimOfB: await claiming, b, volume };
  }

  it('ENOENT: the job is free now, and is claimed at once', async () => {
    const { claimOfB, volume } = await releasedUnderTheReader();

    expect(claimOfB).toMatchObject({ id: '1', payload: 'work' });
    expect(volume.readFileSync(`${SPOOL}/1.claim`, 'utf8')).toBe(claimOfB!.record);
  });

  it('ESTALE (NFS: another client removed it) is read as gone too', async () => {
    const { claimOfB, b } = await releasedUnderTheReader({
      rules: [{ op: 'read', path: /\.claim$/, translate: { from: 'ENOENT', to: 'ESTALE' } }],
    });

    expect(claimOfB).toMatchObject({ id: '1', payload: 'work' });
    expect(b.fs.history().map((entry) => `${entry.op} ${entry.outcome}`)).toEqual([
      'readdir ok',
      'writeFile EEXIST',
      'read ESTALE',
      'writeFile ok',
      'read ok',
    ]);
  });
});

describe('when a removed marker stays visible for a while (delayed unlink)', () => {
  /** Worker A gives job 1 back, and its filesystem keeps showing the marker for 3 s. */
  async function givenBackWithStaleView() {
    const clock = new VirtualClock(0);
    const volume = spoolWith({ 1: 'work' });
    const a = workerOn(volume, 'a', { clock, delayUnlink: { ms: 3_000, path: /\.claim$/ } });
    await release(a, (await claimNext(a))!);
    return { clock, volume, a };
  }

  it('the worker does not take its old marker for a new claim', async () => {
    const { volume, a } = await givenBackWithStaleView();

    expect(await claimNext(a)).toBeNull(); // the name is seen, with last claim's nonce in it
    const b = workerOn(volume, 'b');
    const claimOfB = await claimNext(b); // B's view is fresh: the job is free
    expect(claimOfB).toMatchObject({ id: '1' });
    expect(volume.readFileSync(`${SPOOL}/1.claim`, 'utf8')).toBe(claimOfB!.record);
  });

  it('the worker claims the job again once the name is gone', async () => {
    const { clock, a } = await givenBackWithStaleView();

    expect(await claimNext(a)).toBeNull();
    await clock.sleep(3_000);
    expect(await claimNext(a)).toMatchObject({ id: '1', payload: 'work' });
  });
});
