import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsError } from '@linklock/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capabilitiesFor, detectFilesystem } from '../src/filesystem-kind.js';
import { NodeFsAdapter, type NodeFsMode } from '../src/node-fs-adapter.js';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'linklock-fs-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return condition();
}

const modes: NodeFsMode[] = ['sync', 'async', 'auto'];

describe.each(modes)('NodeFsAdapter (%s mode)', (mode) => {
  let adapter: NodeFsAdapter;
  const at = (name: string) => join(dir, name);

  beforeEach(() => {
    adapter = new NodeFsAdapter({ mode });
  });

  describe('writeFile', () => {
    it('creates a file exclusively and refuses an existing one with EEXIST', async () => {
      await adapter.writeFile(at('a'), 'first', { exclusive: true });
      expect(fs.readFileSync(at('a'), 'utf8')).toBe('first');
      const error = await adapter
        .writeFile(at('a'), 'second', { exclusive: true })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'EEXIST', path: at('a') });
      expect(fs.readFileSync(at('a'), 'utf8')).toBe('first');
    });

    it('replaces the content without `exclusive`', async () => {
      fs.writeFileSync(at('a'), 'a much longer original content');
      await adapter.writeFile(at('a'), 'short');
      expect(fs.readFileSync(at('a'), 'utf8')).toBe('short');
    });

    it('writes UTF-8 and applies the mode (default 0o644, minus the umask)', async () => {
      const umask = process.umask();
      await adapter.writeFile(at('a'), 'héllo ✓', { exclusive: true });
      expect(fs.readFileSync(at('a'), 'utf8')).toBe('héllo ✓');
      expect(fs.statSync(at('a')).mode & 0o777).toBe(0o644 & ~umask);
      await adapter.writeFile(at('b'), 'x', { exclusive: true, mode: 0o600 });
      expect(fs.statSync(at('b')).mode & 0o777).toBe(0o600 & ~umask);
    });

    it('rejects with ENOENT in a missing directory', async () => {
      await expect(
        adapter.writeFile(at('missing/a'), 'x', { exclusive: true }),
      ).rejects.toMatchObject({
        code: 'ENOENT',
      });
    });

    it('propagates a failing write (ENOSPC) and leaves a file it did not create', async () => {
      if (!fs.existsSync('/dev/full')) return;
      await expect(adapter.writeFile('/dev/full', 'x')).rejects.toMatchObject({ code: 'ENOSPC' });
      expect(fs.existsSync('/dev/full')).toBe(true);
    });
  });

  describe('read', () => {
    it('returns the content and the stats of the same file', async () => {
      fs.writeFileSync(at('a'), 'content ✓');
      const { data, stats } = await adapter.read(at('a'), { maxBytes: 100 });
      const lstat = fs.lstatSync(at('a'));
      expect(data).toBe('content ✓');
      expect(stats.isFile()).toBe(true);
      expect(stats.isDirectory()).toBe(false);
      expect(stats.isSymbolicLink()).toBe(false);
      expect(stats.ino).toBe(lstat.ino);
      expect(stats.nlink).toBe(1);
      expect(stats.size).toBe(Buffer.byteLength('content ✓'));
      expect(stats.mtimeMs).toBe(lstat.mtimeMs);
    });

    it('reads an empty file and a file of exactly maxBytes', async () => {
      fs.writeFileSync(at('empty'), '');
      fs.writeFileSync(at('ten'), '0123456789');
      expect((await adapter.read(at('empty'), { maxBytes: 0 })).data).toBe('');
      expect((await adapter.read(at('ten'), { maxBytes: 10 })).data).toBe('0123456789');
    });

    it('rejects a file larger than maxBytes with EFBIG', async () => {
      fs.writeFileSync(at('big'), '0123456789');
      const error = await adapter.read(at('big'), { maxBytes: 9 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ code: 'EFBIG', syscall: 'read', path: at('big') });
    });

    it('refuses a symbolic link with ELOOP and leaves its target untouched', async () => {
      fs.writeFileSync(at('target'), 'target content');
      const before = fs.statSync(at('target'));
      fs.symlinkSync(at('target'), at('link'));
      await expect(adapter.read(at('link'), { maxBytes: 100 })).rejects.toMatchObject({
        code: 'ELOOP',
      });
      fs.symlinkSync(at('nowhere'), at('dangling'));
      await expect(adapter.read(at('dangling'), { maxBytes: 100 })).rejects.toMatchObject({
        code: 'ELOOP',
      });
      expect(fs.readFileSync(at('target'), 'utf8')).toBe('target content');
      expect(fs.statSync(at('target')).mtimeMs).toBe(before.mtimeMs);
      expect(fs.existsSync(at('nowhere'))).toBe(false);
    });

    it('rejects a directory with EISDIR', async () => {
      fs.mkdirSync(at('sub'));
      const error = await adapter.read(at('sub'), { maxBytes: 100 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FsError);
      expect(error).toMatchObject({ code: 'EISDIR', syscall: 'read', path: at('sub') });
    });

    it('rejects a FIFO with EISDIR without blocking on it', async () => {
      try {
        execFileSync('mkfifo', [at('fifo')]);
      } catch {
        return; // no mkfifo here
      }
      await expect(adapter.read(at('fifo'), { maxBytes: 100 })).rejects.toMatchObject({
        code: 'EISDIR',
      });
    });

    it('rejects a missing file with ENOENT', async () => {
      await expect(adapter.read(at('missing'), { maxBytes: 100 })).rejects.toMatchObject({
        code: 'ENOENT',
        path: at('missing'),
      });
    });

    it('rejects a bad maxBytes with RangeError', async () => {
      fs.writeFileSync(at('a'), 'x');
      await expect(adapter.read(at('a'), { maxBytes: -1 })).rejects.toBeInstanceOf(RangeError);
      await expect(adapter.read(at('a'), { maxBytes: 1.5 })).rejects.toBeInstanceOf(RangeError);
    });

    it('does not leak descriptors on any path', async () => {
      if (!fs.existsSync('/proc/self/fd')) return;
      fs.writeFileSync(at('a'), 'x');
      fs.writeFileSync(at('big'), 'xxxxxxxx');
      fs.mkdirSync(at('sub'));
      fs.symlinkSync(at('a'), at('link'));
      const before = fs.readdirSync('/proc/self/fd').length;
      for (let i = 0; i < 20; i++) {
        await adapter.read(at('a'), { maxBytes: 10 });
        await adapter.read(at('big'), { maxBytes: 2 }).catch(() => undefined);
        await adapter.read(at('sub'), { maxBytes: 2 }).catch(() => undefined);
        await adapter.read(at('link'), { maxBytes: 2 }).catch(() => undefined);
        await adapter.writeAt(at('a'), 0, 'y');
      }
      expect(fs.readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(before + 5);
    });
  });

  describe('readContent', () => {
    it('returns what read returns as data', async () => {
      fs.writeFileSync(at('a'), 'héllo ✓\n');
      fs.writeFileSync(at('empty'), '');
      fs.writeFileSync(at('ten'), '0123456789');
      expect(await adapter.readContent(at('a'), { maxBytes: 100 })).toBe(
        (await adapter.read(at('a'), { maxBytes: 100 })).data,
      );
      expect(await adapter.readContent(at('empty'), { maxBytes: 0 })).toBe('');
      expect(await adapter.readContent(at('ten'), { maxBytes: 10 })).toBe('0123456789');
    });

    it('rejects a file larger than maxBytes with EFBIG', async () => {
      fs.writeFileSync(at('big'), '0123456789');
      await expect(adapter.readContent(at('big'), { maxBytes: 9 })).rejects.toMatchObject({
        code: 'EFBIG',
        syscall: 'read',
        path: at('big'),
      });
    });

    it('refuses a symbolic link with ELOOP, dangling or not', async () => {
      fs.writeFileSync(at('target'), 'target content');
      fs.symlinkSync(at('target'), at('link'));
      fs.symlinkSync(at('nowhere'), at('dangling'));
      for (const name of ['link', 'dangling']) {
        await expect(adapter.readContent(at(name), { maxBytes: 100 })).rejects.toMatchObject({
          code: 'ELOOP',
        });
      }
      expect(fs.existsSync(at('nowhere'))).toBe(false);
    });

    it('rejects a directory with EISDIR, naming it', async () => {
      fs.mkdirSync(at('sub'));
      const error = await adapter.readContent(at('sub'), { maxBytes: 100 }).catch((e) => e);
      expect(error).toBeInstanceOf(FsError);
      expect(error).toMatchObject({ code: 'EISDIR', syscall: 'read', path: at('sub') });
    });

    it('rejects a FIFO with EISDIR without blocking on it or taking its data', async () => {
      try {
        execFileSync('mkfifo', [at('fifo')]);
      } catch {
        return; // no mkfifo here
      }
      await expect(adapter.readContent(at('fifo'), { maxBytes: 100 })).rejects.toMatchObject({
        code: 'EISDIR',
        path: at('fifo'),
      });
      // With a writer and data waiting (O_RDWR: a FIFO end that opens without a reader).
      const end = fs.openSync(at('fifo'), fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
      try {
        fs.writeSync(end, 'theirs');
        await expect(adapter.readContent(at('fifo'), { maxBytes: 100 })).rejects.toMatchObject({
          code: 'EISDIR',
        });
        const left = Buffer.alloc(16);
        expect(left.toString('utf8', 0, fs.readSync(end, left))).toBe('theirs');
      } finally {
        fs.closeSync(end);
      }
    });

    it('rejects a missing file with ENOENT', async () => {
      await expect(adapter.readContent(at('missing'), { maxBytes: 100 })).rejects.toMatchObject({
        code: 'ENOENT',
        path: at('missing'),
      });
    });

    it('rejects a bad maxBytes with RangeError', async () => {
      fs.writeFileSync(at('a'), 'x');
      for (const maxBytes of [-1, 1.5]) {
        await expect(adapter.readContent(at('a'), { maxBytes })).rejects.toBeInstanceOf(RangeError);
      }
    });

    it('does not leak descriptors on any path', async () => {
      if (!fs.existsSync('/proc/self/fd')) return;
      fs.writeFileSync(at('a'), 'x');
      fs.writeFileSync(at('big'), 'xxxxxxxx');
      fs.mkdirSync(at('sub'));
      fs.symlinkSync(at('a'), at('link'));
      const before = fs.readdirSync('/proc/self/fd').length;
      for (let i = 0; i < 20; i++) {
        for (const name of ['a', 'big', 'sub', 'link']) {
          await adapter.readContent(at(name), { maxBytes: 2 }).catch(() => undefined);
        }
      }
      expect(fs.readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(before + 5);
    });
  });

  describe('writeAt', () => {
    it('writes in place, without truncating', async () => {
      fs.writeFileSync(at('a'), 'hello world');
      const ino = fs.statSync(at('a')).ino;
      await adapter.writeAt(at('a'), 6, 'WORLD');
      expect(fs.readFileSync(at('a'), 'utf8')).toBe('hello WORLD');
      await adapter.writeAt(at('a'), 0, 'J');
      expect(fs.readFileSync(at('a'), 'utf8')).toBe('Jello WORLD');
      expect(fs.statSync(at('a')).ino).toBe(ino);
    });

    it('does not create a missing file (ENOENT)', async () => {
      await expect(adapter.writeAt(at('missing'), 0, 'x')).rejects.toMatchObject({
        code: 'ENOENT',
      });
      expect(fs.existsSync(at('missing'))).toBe(false);
    });

    it('changes the file every hard-linked name sees', async () => {
      fs.writeFileSync(at('claim'), 'expires=0000000000');
      fs.linkSync(at('claim'), at('lock'));
      await adapter.writeAt(at('claim'), 8, '9999999999');
      expect(fs.readFileSync(at('lock'), 'utf8')).toBe('expires=9999999999');
    });

    it('refuses a symbolic link with ELOOP and leaves its target untouched', async () => {
      fs.writeFileSync(at('target'), 'original');
      fs.symlinkSync(at('target'), at('link'));
      await expect(adapter.writeAt(at('link'), 0, 'EVIL')).rejects.toMatchObject({ code: 'ELOOP' });
      expect(fs.readFileSync(at('target'), 'utf8')).toBe('original');
    });

    it('rejects a bad offset with RangeError', async () => {
      fs.writeFileSync(at('a'), 'x');
      await expect(adapter.writeAt(at('a'), -1, 'x')).rejects.toBeInstanceOf(RangeError);
    });
  });

  describe('names', () => {
    it('links a second name, and refuses an existing one with EEXIST', async () => {
      fs.writeFileSync(at('a'), 'x');
      fs.writeFileSync(at('b'), 'y');
      await adapter.link(at('a'), at('c'));
      expect(fs.statSync(at('c')).ino).toBe(fs.statSync(at('a')).ino);
      expect(fs.statSync(at('a')).nlink).toBe(2);
      await expect(adapter.link(at('a'), at('b'))).rejects.toMatchObject({ code: 'EEXIST' });
      await expect(adapter.link(at('missing'), at('d'))).rejects.toMatchObject({ code: 'ENOENT' });
      expect(fs.readFileSync(at('b'), 'utf8')).toBe('y');
    });

    it('unlinks, and rejects a missing name with ENOENT', async () => {
      fs.writeFileSync(at('a'), 'x');
      await adapter.unlink(at('a'));
      expect(fs.existsSync(at('a'))).toBe(false);
      await expect(adapter.unlink(at('a'))).rejects.toMatchObject({
        code: 'ENOENT',
        path: at('a'),
      });
    });

    it('renames, replacing the target', async () => {
      fs.writeFileSync(at('a'), 'x');
      fs.writeFileSync(at('b'), 'y');
      await adapter.rename(at('a'), at('b'));
      expect(fs.existsSync(at('a'))).toBe(false);
      expect(fs.readFileSync(at('b'), 'utf8')).toBe('x');
      await expect(adapter.rename(at('a'), at('c'))).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('stats without following symbolic links', async () => {
      fs.writeFileSync(at('a'), 'xyz');
      fs.symlinkSync(at('a'), at('link'));
      const file = await adapter.stat(at('a'));
      expect(file.isFile()).toBe(true);
      expect(file.size).toBe(3);
      expect(file.nlink).toBe(1);
      const link = await adapter.stat(at('link'));
      expect(link.isSymbolicLink()).toBe(true);
      expect(link.isFile()).toBe(false);
      expect(link.ino).not.toBe(file.ino);
      fs.mkdirSync(at('sub'));
      expect((await adapter.stat(at('sub'))).isDirectory()).toBe(true);
      await expect(adapter.stat(at('missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('lists a directory', async () => {
      fs.writeFileSync(at('a'), 'x');
      fs.writeFileSync(at('b.lock'), 'y');
      fs.mkdirSync(at('sub'));
      expect((await adapter.readdir(dir)).sort()).toEqual(['a', 'b.lock', 'sub']);
      await expect(adapter.readdir(at('missing'))).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(adapter.readdir(at('a'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    });
  });

  it('reports failures as rejections, never as synchronous throws', async () => {
    const calls: Array<() => Promise<unknown>> = [
      () => adapter.writeFile(at('missing/a'), 'x', { exclusive: true }),
      () => adapter.writeFile(at('a'), 42 as unknown as string),
      () => adapter.read(at('missing'), { maxBytes: 1 }),
      () => adapter.read(at('x'), undefined as unknown as { maxBytes: number }),
      () => adapter.writeAt(at('missing'), 0, 'x'),
      () => adapter.link(at('missing'), at('b')),
      () => adapter.link(42 as unknown as string, at('b')),
      () => adapter.unlink(at('missing')),
      () => adapter.rename(at('missing'), at('b')),
      () => adapter.stat(at('missing')),
      () => adapter.readdir(at('missing')),
    ];
    for (const call of calls) {
      let promise: Promise<unknown> | undefined;
      expect(() => {
        promise = call();
      }).not.toThrow();
      await expect(promise).rejects.toBeInstanceOf(Error);
    }
  });

  describe('watch', () => {
    it('reports created and removed files, and stops after unsubscribing', async () => {
      const seen: Array<string | null> = [];
      const stop = adapter.watch(dir, (filename) => seen.push(filename));
      try {
        fs.writeFileSync(at('jobs.lock'), 'x');
        expect(await waitFor(() => seen.includes('jobs.lock'))).toBe(true);
        seen.length = 0;
        fs.unlinkSync(at('jobs.lock'));
        expect(await waitFor(() => seen.includes('jobs.lock'))).toBe(true);
      } finally {
        stop();
      }
      seen.length = 0;
      fs.writeFileSync(at('after'), 'x');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toEqual([]);
      stop(); // twice is harmless
    });

    it('shares one watcher between subscribers', async () => {
      const first: Array<string | null> = [];
      const second: Array<string | null> = [];
      const stopFirst = adapter.watch(dir, (filename) => first.push(filename));
      const stopSecond = adapter.watch(dir, (filename) => second.push(filename));
      try {
        fs.writeFileSync(at('one'), 'x');
        expect(await waitFor(() => first.includes('one') && second.includes('one'))).toBe(true);
        stopFirst();
        fs.writeFileSync(at('two'), 'x');
        expect(await waitFor(() => second.includes('two'))).toBe(true);
        expect(first).not.toContain('two');
      } finally {
        stopFirst();
        stopSecond();
      }
    });

    it('gives a subscription that never fires for a directory that cannot be watched', () => {
      const stop = adapter.watch(at('missing'), () => {
        throw new Error('must not be called');
      });
      expect(typeof stop).toBe('function');
      stop();
    });
  });
});

describe('NodeFsAdapter configuration', () => {
  it('assumes a local disk by default, with overrides', () => {
    const adapter = new NodeFsAdapter();
    expect(adapter.mode).toBe('auto');
    expect(adapter.capabilities).toEqual({
      hardLinks: true,
      reliableNlink: true,
      reliableIno: true,
      mtimeResolutionMs: 1,
      watchSeesOtherHosts: true,
    });
    expect(adapter.filesystem).toBeUndefined();
    const custom = new NodeFsAdapter({
      mode: 'async',
      capabilities: { reliableNlink: false, mtimeResolutionMs: 1000 },
    });
    expect(custom.mode).toBe('async');
    expect(custom.capabilities).toMatchObject({
      hardLinks: true,
      reliableNlink: false,
      mtimeResolutionMs: 1000,
    });
  });

  it('rejects an unknown mode', () => {
    expect(() => new NodeFsAdapter({ mode: 'fast' as NodeFsMode })).toThrow(TypeError);
  });

  it('reports the I/O mode of a directory', async () => {
    expect(await new NodeFsAdapter({ mode: 'sync' }).ioMode(dir)).toBe('sync');
    expect(await new NodeFsAdapter({ mode: 'async' }).ioMode(dir)).toBe('async');
    const detected = await detectFilesystem(dir);
    expect(await new NodeFsAdapter().ioMode(dir)).toBe(detected?.ioMode ?? 'async');
  });

  it('forDirectory declares the capabilities of the detected filesystem', async () => {
    const adapter = await NodeFsAdapter.forDirectory(dir);
    const detected = await detectFilesystem(dir);
    expect(adapter.filesystem).toEqual(detected);
    expect(adapter.mode).toBe('auto');
    if (detected !== undefined) {
      expect(adapter.capabilities).toEqual(capabilitiesFor(detected.fsType));
      expect(await adapter.ioMode(dir)).toBe(detected.ioMode);
    }
    const custom = await NodeFsAdapter.forDirectory(dir, {
      mode: 'async',
      capabilities: { watchSeesOtherHosts: false },
    });
    expect(custom.mode).toBe('async');
    expect(custom.capabilities.watchSeesOtherHosts).toBe(false);
  });

  it('forDirectory rejects a directory that does not exist', async () => {
    await expect(NodeFsAdapter.forDirectory(join(dir, 'missing'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
