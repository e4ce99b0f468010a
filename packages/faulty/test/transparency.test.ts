import type {
  FileRead,
  FsAdapter,
  FsCapabilities,
  FsStats,
  WriteFileOptions,
} from '@linklock/core';
import { FsError } from '@linklock/core';
import { FaultyFs } from '@linklock/faulty';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import { plainStats } from './support/fixture.js';

const CAPABILITIES: FsCapabilities = {
  hardLinks: true,
  reliableNlink: false,
  reliableIno: true,
  mtimeResolutionMs: 1000,
  watchSeesOtherHosts: false,
};

/** An adapter answering every call with a sentinel value, or throwing a sentinel error. */
class StubAdapter implements FsAdapter {
  readonly capabilities = CAPABILITIES;
  readonly calls: unknown[][] = [];
  readonly error = new FsError('ESTALE', { syscall: 'stub', path: '/stub' });
  readonly stats: FsStats = {
    ino: 7,
    nlink: 3,
    mtimeMs: 42,
    size: 5,
    isFile: () => true,
    isDirectory: () => false,
    isSymbolicLink: () => false,
  };
  readonly fileRead: FileRead = { data: 'stub!', stats: this.stats };
  readonly names = ['x', 'y'];
  failing = false;

  #answer<T>(call: unknown[], value: T): Promise<T> {
    this.calls.push(call);
    return this.failing ? Promise.reject(this.error) : Promise.resolve(value);
  }

  writeFile(path: string, data: string, options?: WriteFileOptions) {
    return this.#answer(['writeFile', path, data, options], undefined);
  }
  read(path: string, options: { maxBytes: number }) {
    return this.#answer(['read', path, options], this.fileRead);
  }
  writeAt(path: string, offset: number, data: string) {
    return this.#answer(['writeAt', path, offset, data], undefined);
  }
  link(existingPath: string, newPath: string) {
    return this.#answer(['link', existingPath, newPath], undefined);
  }
  unlink(path: string) {
    return this.#answer(['unlink', path], undefined);
  }
  rename(oldPath: string, newPath: string) {
    return this.#answer(['rename', oldPath, newPath], undefined);
  }
  stat(path: string) {
    return this.#answer(['stat', path], this.stats);
  }
  readdir(path: string) {
    return this.#answer(['readdir', path], this.names);
  }
}

/** Calls every operation once, in a fixed order. */
function everyOperation(fs: FsAdapter): Promise<unknown>[] {
  return [
    fs.writeFile('/w', 'data', { exclusive: true, mode: 0o600 }),
    fs.read('/r', { maxBytes: 10 }),
    fs.writeAt('/wa', 3, 'xy'),
    fs.link('/l1', '/l2'),
    fs.unlink('/u'),
    fs.rename('/r1', '/r2'),
    fs.stat('/s'),
    fs.readdir('/dir'),
  ];
}

/** What a scripted sequence of calls answered: results and errors, comparable across adapters. */
async function runScript(fs: FsAdapter): Promise<unknown[]> {
  const steps: Array<() => Promise<unknown>> = [
    () => fs.writeFile('/d/a', 'hello'),
    () => fs.writeFile('/d/a', 'again', { exclusive: true }),
    () => fs.writeFile('/d/b', 'bee', { exclusive: true, mode: 0o600 }),
    () => fs.read('/d/a', { maxBytes: 100 }),
    () => fs.read('/d/a', { maxBytes: 2 }),
    () => fs.read('/d/missing', { maxBytes: 100 }),
    () => fs.read('/d', { maxBytes: 100 }),
    () => fs.writeAt('/d/a', 1, 'EL'),
    () => fs.writeAt('/d/missing', 0, 'x'),
    () => fs.link('/d/a', '/d/c'),
    () => fs.link('/d/a', '/d/b'),
    () => fs.link('/d/missing', '/d/e'),
    () => fs.link('/d', '/d/dir-link'),
    () => fs.stat('/d/a'),
    () => fs.stat('/d/missing'),
    () => fs.readdir('/d'),
    () => fs.readdir('/d/a'),
    () => fs.rename('/d/c', '/d/f'),
    () => fs.rename('/d/missing', '/d/g'),
    () => fs.unlink('/d/f'),
    () => fs.unlink('/d/f'),
    () => fs.read('/d/a', { maxBytes: 100 }),
    () => fs.readdir('/d'),
  ];
  const outcomes: unknown[] = [];
  for (const step of steps) {
    try {
      outcomes.push({ ok: normalise(await step()) });
    } catch (error) {
      const { code, errno, syscall, path, message } = error as NodeJS.ErrnoException;
      outcomes.push({ error: { code, errno, syscall, path, message } });
    }
  }
  return outcomes;
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return [...value].sort();
  if (typeof value === 'object' && value !== null && 'isFile' in value) {
    return plainStats(value as FsStats);
  }
  if (typeof value === 'object' && value !== null && 'stats' in value) {
    const read = value as FileRead;
    return { data: read.data, stats: plainStats(read.stats) };
  }
  return value;
}

function memfs(): MemfsAdapter {
  const volume = new Volume();
  volume.mkdirSync('/d');
  return new MemfsAdapter(volume, { clock: { now: () => 1_000_000 } });
}

describe(FaultyFs, () => {
  describe('without options (transparent)', () => {
    it('answers a whole script of calls exactly as the inner adapter does, errors included', async () => {
      const direct = await runScript(memfs());
      const through = await runScript(new FaultyFs(memfs(), {}));
      expect(through).toEqual(direct);
      // The script did exercise failures, so equal outcomes mean equal errors too.
      const codes = direct.flatMap((outcome) =>
        'error' in (outcome as object) ? [(outcome as { error: { code: string } }).error.code] : [],
      );
      expect(codes).toEqual(
        expect.arrayContaining(['EEXIST', 'EFBIG', 'ENOENT', 'EISDIR', 'EPERM', 'ENOTDIR']),
      );
    });

    it('returns the very values the inner adapter resolves with', async () => {
      const stub = new StubAdapter();
      const fs = new FaultyFs(stub, {});
      const results = await Promise.all(everyOperation(fs));
      expect(results[1]).toBe(stub.fileRead);
      expect(results[6]).toBe(stub.stats);
      expect(results[7]).toEqual(stub.names); // readdir answers a copy: ghost names may join it
      expect(results.filter((_, index) => ![1, 6, 7].includes(index))).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    });

    it('rejects with the very error object the inner adapter threw, for every operation', async () => {
      const stub = new StubAdapter();
      stub.failing = true;
      const fs = new FaultyFs(stub, {});
      const errors = await Promise.all(everyOperation(fs).map((call) => call.catch((e) => e)));
      expect(errors).toHaveLength(8);
      for (const error of errors) expect(error).toBe(stub.error);
    });

    it('passes every argument on unchanged', async () => {
      const stub = new StubAdapter();
      await Promise.all(everyOperation(new FaultyFs(stub, {})));
      expect(stub.calls).toEqual([
        ['writeFile', '/w', 'data', { exclusive: true, mode: 0o600 }],
        ['read', '/r', { maxBytes: 10 }],
        ['writeAt', '/wa', 3, 'xy'],
        ['link', '/l1', '/l2'],
        ['unlink', '/u'],
        ['rename', '/r1', '/r2'],
        ['stat', '/s'],
        ['readdir', '/dir'],
      ]);
    });

    it('marks no call as injected in its history', async () => {
      const stub = new StubAdapter();
      const fs = new FaultyFs(stub);
      await Promise.all(everyOperation(fs));
      stub.failing = true;
      await Promise.all(everyOperation(fs).map((call) => call.catch(() => undefined)));
      expect(fs.history()).toHaveLength(16);
      expect(fs.history().every((entry) => !entry.injected && entry.fault === undefined)).toBe(
        true,
      );
    });

    it('is seeded with 1 by default', () => {
      expect(new FaultyFs(new StubAdapter()).seed).toBe(1);
    });
  });

  describe('capabilities', () => {
    it('are those of the inner adapter', () => {
      expect(new FaultyFs(new StubAdapter(), {}).capabilities).toEqual(CAPABILITIES);
    });

    it('can be overridden one field at a time, leaving the others and the inner adapter alone', () => {
      const stub = new StubAdapter();
      const fs = new FaultyFs(stub, { capabilities: { reliableIno: false } });
      expect(fs.capabilities).toEqual({ ...CAPABILITIES, reliableIno: false });
      expect(stub.capabilities.reliableIno).toBe(true);
    });
  });

  describe('watch', () => {
    it('is absent when the inner adapter cannot watch', () => {
      const fs = new FaultyFs(new StubAdapter(), {});
      expect(fs.watch).toBeUndefined();
      expect('watch' in fs).toBe(false);
    });

    it('is present when the inner adapter can watch, and delegates to it', () => {
      const stub = new StubAdapter();
      const seen: Array<[string, (name: string | null) => void]> = [];
      const stop = () => {};
      const watching = Object.assign(stub, {
        watch: (directory: string, onChange: (name: string | null) => void) => {
          seen.push([directory, onChange]);
          return stop;
        },
      });
      const fs = new FaultyFs(watching, {});
      expect(fs.watch).toBeTypeOf('function');
      const onChange = (_name: string | null) => {};
      expect(fs.watch!('/d', onChange)).toBe(stop);
      expect(seen).toEqual([['/d', onChange]]);
    });
  });
});
