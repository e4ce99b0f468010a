import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AssertionError,
  builtInExpect,
  type CaseResult,
  runFsAdapterSuite,
  runLockSemanticsSuite,
} from '@linklock/conformance';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import {
  type BrokenAdapterClass,
  CopyingLinkFs,
  OverwritingCreateFs,
} from './support/broken-adapters.js';

// The suites without a test framework: what `linklock check` runs. The same cases, on the
// built-in expect, with the same verdicts and contract lines as under vitest.

function runFs(Adapter: BrokenAdapterClass, onResult?: (result: CaseResult) => void) {
  let volume = new Volume();
  return runFsAdapterSuite({
    createAdapter: () => {
      volume = new Volume();
      return new Adapter(volume);
    },
    makeSymlink: (target, path) => volume.symlinkSync(target, path),
    ...(onResult ? { onResult } : {}),
  });
}

const failed = (results: CaseResult[]) =>
  results.filter((result) => result.status === 'failed').map((result) => result.title);

describe('runFsAdapterSuite', () => {
  it('passes a correct adapter case by case, each result in its group, in order', async () => {
    const seen: string[] = [];
    const results = await runFs(MemfsAdapter, (result) => seen.push(result.title));
    expect(results).toHaveLength(43);
    expect(results.every((result) => result.status === 'passed')).toBe(true);
    expect(seen).toEqual(results.map((result) => result.title));
    expect(results[0]).toMatchObject({
      groups: ['capabilities'],
      title: 'capabilities: every flag declared, of the right type',
      message: '',
      advisory: false,
    });
    expect(
      results.find((result) => result.title.startsWith('watch: calls back when a name is created')),
    ).toMatchObject({ groups: ['watch'], advisory: true });
  });

  it('fails an exclusive create that overwrites on the line it breaks, in vitest words', async () => {
    const results = await runFs(OverwritingCreateFs);
    expect(failed(results)).toEqual([
      'writeFile exclusive: EEXIST when the name exists, the file unchanged',
      'writeFile exclusive: EEXIST on a symlink, even a dangling one, nothing created',
    ]);
    expect(results.find((result) => result.status === 'failed')?.message).toBe(
      "writeFile exclusive: must fail with EEXIST when the name exists: expected 'resolved' to be 'EEXIST'",
    );
  });

  it('records a skip with its reason, and fails a case that hangs', async () => {
    const results = await runFsAdapterSuite({
      createAdapter: () => {
        const fs = new MemfsAdapter(new Volume());
        // A readdir that never answers.
        fs.readdir = () => new Promise<string[]>(() => undefined);
        return fs;
      },
      caseTimeoutMs: 200,
    });
    expect(
      results.find((result) => result.title.startsWith('stat: lstat semantics')),
    ).toMatchObject({
      status: 'skipped',
      message: expect.stringContaining('no makeSymlink hook'),
    });
    const listing = results.find((result) => result.title.startsWith('readdir: lists exactly'));
    expect(listing).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/no answer within 200 ms \(hung\)$/),
    });
  });
});

describe('runLockSemanticsSuite', () => {
  it('runs every lock case in both time sources; a copying link loses a refreshed lease in each', async () => {
    const results = await runLockSemanticsSuite({
      createAdapters: ({ clock }) => {
        const shared = new Volume();
        return [new CopyingLinkFs(shared, { clock }), new CopyingLinkFs(shared, { clock })];
      },
    });
    expect(results).toHaveLength(22);
    expect(new Set(results.map((result) => result.groups[0]))).toEqual(
      new Set(["timeSource 'local'", "timeSource 'filesystem', clocks skewed"]),
    );
    expect(failed(results)).toEqual([
      'lock: refresh() moves the expiry forward for the other process too',
      'lock: refresh() moves the expiry forward for the other process too (filesystem time, skewed clocks)',
    ]);
    expect(results.find((result) => result.status === 'failed')?.message).toBe(
      'lock: a refreshed lock must not be broken (the new expiry must reach the lock file): expected true to be false',
    );
  });

  it('runs only the time sources asked for', async () => {
    const results = await runLockSemanticsSuite({
      createAdapters: ({ clock }) => {
        const shared = new Volume();
        return [new MemfsAdapter(shared, { clock }), new MemfsAdapter(shared, { clock })];
      },
      timeSources: ['filesystem'],
    });
    expect(results).toHaveLength(11);
    expect(results.every((result) => result.status === 'passed')).toBe(true);
  });
});

describe('the package at run time', () => {
  it('imports no test framework: vitest is an optional peer', () => {
    const src = fileURLToPath(new URL('../src', import.meta.url));
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.ts'),
    );
    const importing = files.filter((file) =>
      /from '(vitest|@vitest\/[^']*|chai)'/.test(readFileSync(join(src, file), 'utf8')),
    );
    expect(files.length).toBeGreaterThan(30);
    expect(importing).toEqual([]);
  });
});

describe('builtInExpect', () => {
  const failure = (assert: () => void) => {
    try {
      assert();
    } catch (error) {
      expect(error).toBeInstanceOf(AssertionError);
      return (error as Error).message;
    }
    return 'passed';
  };

  it('words failures as vitest does, after the contract line', () => {
    expect(failure(() => builtInExpect('resolved', 'line').toBe('EEXIST'))).toBe(
      "line: expected 'resolved' to be 'EEXIST'",
    );
    expect(failure(() => builtInExpect(['a'], 'line').toEqual(['a', 'b']))).toBe(
      "line: expected [ 'a' ] to deeply equal [ 'a', 'b' ]",
    );
    expect(failure(() => builtInExpect(['a'], 'line').toContain('jobs.lock'))).toBe(
      "line: expected [ 'a' ] to include 'jobs.lock'",
    );
    expect(failure(() => builtInExpect(1, 'line').toBeGreaterThanOrEqual(1000))).toBe(
      'line: expected 1 to be greater than or equal to 1000',
    );
    expect(failure(() => builtInExpect('ours').not.toBe('ours'))).toBe(
      "expected 'ours' not to be 'ours'",
    );
  });

  it('passes what holds', () => {
    expect(failure(() => builtInExpect(2).toBe(2))).toBe('passed');
    expect(
      failure(() => builtInExpect({ a: [1, { b: 'x' }] }).toEqual({ a: [1, { b: 'x' }] })),
    ).toBe('passed');
    expect(failure(() => builtInExpect('jobs.lock.claim').toContain('claim'))).toBe('passed');
    expect(failure(() => builtInExpect(NaN).not.toBe(0))).toBe('passed');
    expect(failure(() => builtInExpect(3).toBeGreaterThanOrEqual(3))).toBe('passed');
    expect(failure(() => builtInExpect({ a: 1 }).not.toEqual({ a: 2 }))).toBe('passed');
  });
});
