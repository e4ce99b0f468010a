// steno 4.0.2, the writer under lowdb: an ES module that imports `writeFile` and `rename` from
// node:fs/promises, reached with vi.mock (vitest inlines it: server.deps.inline in
// vitest.config.ts). It writes `.<name>.tmp`, then renames it over the file, retrying the rename
// 10 times, 100 ms apart (vitest's fake timers here).
import { createFaultyNodeFs, type FaultyNodeFs, type NodeFaultRule } from '@linklock/faulty/node';
import { Volume } from 'memfs';
import { Writer } from 'steno';
import { afterEach, beforeEach, describe, expect, it, onTestFailed, vi } from 'vitest';

const disk = vi.hoisted(() => ({ current: undefined as unknown as FaultyNodeFs }));
vi.mock('node:fs/promises', async () => {
  const { mockedFsModule } = await import('@linklock/faulty/node');
  return mockedFsModule(() => disk.current, 'promises');
});

function faultyDisk(rules: NodeFaultRule[]) {
  const volume = new Volume();
  volume.mkdirSync('/d');
  volume.writeFileSync('/d/db.json', '{"v":1}');
  disk.current = createFaultyNodeFs({ inner: volume, seed: 1, rules });
  disk.current.printOnFailure(onTestFailed);
  return { volume, faulty: disk.current };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** The outcome of a write, once its retries have run out. */
async function written(writer: Writer, data: string): Promise<string> {
  const outcome = writer.write(data).then(
    () => 'ok',
    (error: NodeJS.ErrnoException) => error.code ?? 'error',
  );
  await vi.runAllTimersAsync();
  return outcome;
}

describe('steno under faults', () => {
  it('a lost reply to rename: reports ENOENT after 10 tries, although the data was saved', async () => {
    const { volume, faulty } = faultyDisk([
      { op: 'rename', errno: 'EIO', phase: 'after', times: 1 },
    ]);

    expect(await written(new Writer('/d/db.json'), '{"v":2}')).toBe('ENOENT');

    expect(volume.readFileSync('/d/db.json', 'utf8')).toBe('{"v":2}');
    expect(faulty.history({ op: 'rename' }).map((entry) => entry.outcome)).toEqual([
      'EIO',
      ...Array(9).fill('ENOENT'),
    ]);
  });

  it('ENOSPC half way through the temporary file: the file is intact, the partial temp stays', async () => {
    const { volume } = faultyDisk([{ op: 'writeFile', errno: 'ENOSPC', partial: 3 }]);

    expect(await written(new Writer('/d/db.json'), '{"v":2}')).toBe('ENOSPC');

    expect(volume.readFileSync('/d/db.json', 'utf8')).toBe('{"v":1}');
    expect(volume.readFileSync('/d/.db.json.tmp', 'utf8')).toBe('{"v');
  });

  it('EACCES on rename: retried 10 times in 0.9 s, then reported; the file is intact', async () => {
    const { volume, faulty } = faultyDisk([{ op: 'rename', errno: 'EACCES' }]);

    expect(await written(new Writer('/d/db.json'), '{"v":2}')).toBe('EACCES');

    expect(volume.readFileSync('/d/db.json', 'utf8')).toBe('{"v":1}');
    expect(faulty.history({ op: 'rename' })).toHaveLength(10);
  });
});
