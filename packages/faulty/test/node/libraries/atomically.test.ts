// atomically 2.1.1 (used by conf, among others): an ES module whose fs functions come from
// stubborn-fs, which imports node:fs; both are reached with vi.mock('node:fs') (vitest inlines
// them: server.deps.inline in vitest.config.ts). It opens a temporary file, writes the data
// with one fs.write, fsyncs, closes, and renames it over the file; EACCES, EPERM, EBUSY and
// the like are retried for 7.5 s (vitest's fake clock and timers here).
import { createFaultyNodeFs, type FaultyNodeFs, type NodeFaultRule } from '@linklock/faulty/node';
import { writeFile } from 'atomically';
import { Volume } from 'memfs';
import { afterEach, beforeEach, describe, expect, it, onTestFailed, vi } from 'vitest';

const disk = vi.hoisted(() => ({ current: undefined as unknown as FaultyNodeFs }));
vi.mock('node:fs', async () => {
  const { mockedFsModule } = await import('@linklock/faulty/node');
  return mockedFsModule(() => disk.current);
});

function faultyDisk(rules: NodeFaultRule[]) {
  const volume = new Volume();
  volume.mkdirSync('/d');
  volume.writeFileSync('/d/config.json', '{"theme":"dark"}');
  disk.current = createFaultyNodeFs({ inner: volume, seed: 1, rules });
  disk.current.printOnFailure(onTestFailed);
  return { volume, faulty: disk.current };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** The outcome of a write, once its retries have run out. */
async function written(data: string): Promise<string> {
  const outcome = writeFile('/d/config.json', data).then(
    () => 'ok',
    (error: NodeJS.ErrnoException) => error.code ?? 'error',
  );
  await vi.runAllTimersAsync();
  return outcome;
}

describe('atomically under faults', () => {
  it('ENOSPC after a partial write: the short count is ignored, and a truncated file replaces the good one', async () => {
    const { volume } = faultyDisk([{ op: 'write', errno: 'ENOSPC', partial: 5 }]);

    expect(await written('{"theme":"light"}')).toBe('ok');

    expect(volume.readFileSync('/d/config.json', 'utf8')).toBe('{"the');
  });

  it('EIO on fsync: reported, the file intact, no temporary file left', async () => {
    const { volume } = faultyDisk([{ op: 'fsync', errno: 'EIO' }]);

    expect(await written('{"theme":"light"}')).toBe('EIO');

    expect(volume.readFileSync('/d/config.json', 'utf8')).toBe('{"theme":"dark"}');
    expect(volume.readdirSync('/d')).toEqual(['config.json']);
  });

  it('a lost reply to rename: reported as a failure, although the data was saved', async () => {
    const { volume } = faultyDisk([{ op: 'rename', errno: 'EIO', phase: 'after' }]);

    expect(await written('{"theme":"light"}')).toBe('EIO');

    expect(volume.readFileSync('/d/config.json', 'utf8')).toBe('{"theme":"light"}');
  });

  it('EACCES on rename: retried for 7.5 s before it is reported', async () => {
    const { volume, faulty } = faultyDisk([{ op: 'rename', errno: 'EACCES' }]);
    const startedAt = Date.now();

    expect(await written('{"theme":"light"}')).toBe('EACCES');

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(7_500);
    expect(faulty.history({ op: 'rename' }).length).toBeGreaterThan(30);
    expect(volume.readFileSync('/d/config.json', 'utf8')).toBe('{"theme":"dark"}');
  });
});
