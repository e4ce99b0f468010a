import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExclusive } from '../src/run-exclusive.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'linklock-example-basic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runExclusive (examples/basic)', () => {
  it('runs jobs under one lock one at a time, and leaves nothing behind', async () => {
    const lockPath = join(dir, 'report.lock');
    let running = 0;
    let overlapped = false;
    const job = async () => {
      running += 1;
      overlapped ||= running > 1;
      await sleep(20);
      running -= 1;
      return 'done';
    };
    const results = await Promise.all([1, 2, 3].map(() => runExclusive(lockPath, job)));
    expect(results).toEqual([{ result: 'done' }, { result: 'done' }, { result: 'done' }]);
    expect(overlapped).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('skips with the holder named when the lock stays taken past the timeout', async () => {
    const lockPath = join(dir, 'report.lock');
    const long = runExclusive(lockPath, () => sleep(300));
    await sleep(50);
    const outcome = await runExclusive(lockPath, async () => 'never', { timeout: 50 });
    expect(outcome).toMatchObject({ skipped: expect.stringMatching(/held by pid \d+/) });
    await long;
  });

  it('rejects with AbortError when aborted while waiting', async () => {
    const lockPath = join(dir, 'report.lock');
    const long = runExclusive(lockPath, () => sleep(300));
    await sleep(50);
    const waiting = runExclusive(lockPath, async () => 'never', {
      signal: AbortSignal.timeout(50),
    });
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
    await long;
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a file it did not write, leaving it alone', async () => {
    const lockPath = join(dir, 'report.lock');
    writeFileSync(lockPath, 'someone else\n');
    await expect(runExclusive(lockPath, async () => 'never')).rejects.toMatchObject({
      code: 'ELOCKFOREIGN',
    });
    expect(readdirSync(dir)).toEqual(['report.lock']);
  });
});
