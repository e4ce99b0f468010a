import { Lock } from '@linklock/core';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';
import { describe, expect, it } from 'vitest';

function setup() {
  const volume = new Volume();
  volume.mkdirSync('/d');
  return { volume, fs: new MemfsAdapter(volume) };
}

describe('MemfsAdapter', () => {
  it('creates exclusively: EEXIST on an existing name, content intact', async () => {
    const { fs, volume } = setup();
    await fs.writeFile('/d/a', 'one', { exclusive: true });
    await expect(fs.writeFile('/d/a', 'two', { exclusive: true })).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(String(volume.readFileSync('/d/a', 'utf8'))).toBe('one');
  });

  it('reads content and stats of one file, bounded, never through a symlink', async () => {
    const { fs, volume } = setup();
    volume.writeFileSync('/d/a', 'hello');
    volume.symlinkSync('/d/a', '/d/s');
    const { data, stats } = await fs.read('/d/a', { maxBytes: 5 });
    expect(data).toBe('hello');
    expect(stats.size).toBe(5);
    expect(stats.isFile()).toBe(true);
    await expect(fs.read('/d/a', { maxBytes: 4 })).rejects.toMatchObject({
      code: 'EFBIG',
      path: '/d/a',
    });
    await expect(fs.read('/d/s', { maxBytes: 100 })).rejects.toMatchObject({ code: 'ELOOP' });
    await expect(fs.read('/d', { maxBytes: 100 })).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(fs.read('/d/none', { maxBytes: 100 })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writeAt writes in place: no create, no truncation, seen through the other hard link', async () => {
    const { fs, volume } = setup();
    volume.writeFileSync('/d/a', 'abcdef');
    await fs.link('/d/a', '/d/b');
    await fs.writeAt('/d/a', 2, 'XY');
    expect(String(volume.readFileSync('/d/b', 'utf8'))).toBe('abXYef');
    await expect(fs.writeAt('/d/none', 0, 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    volume.symlinkSync('/d/a', '/d/s');
    await expect(fs.writeAt('/d/s', 0, 'x')).rejects.toMatchObject({ code: 'ELOOP' });
  });

  it('link, unlink, rename, lstat and readdir behave as on Linux', async () => {
    const { fs, volume } = setup();
    volume.writeFileSync('/d/a', 'x');
    await fs.link('/d/a', '/d/b');
    await expect(fs.link('/d/a', '/d/b')).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(fs.link('/d', '/d/dir-link')).rejects.toMatchObject({ code: 'EPERM' });
    expect((await fs.stat('/d/a')).nlink).toBe(2);
    await fs.rename('/d/b', '/d/c');
    expect((await fs.readdir('/d')).sort()).toEqual(['a', 'c']);
    await fs.unlink('/d/c');
    await expect(fs.unlink('/d/c')).rejects.toMatchObject({ code: 'ENOENT' });
    volume.symlinkSync('/d/a', '/d/s');
    expect((await fs.stat('/d/s')).isSymbolicLink()).toBe(true);
  });

  it('stamps modification times with an injected server clock', async () => {
    const volume = new Volume();
    volume.mkdirSync('/d');
    let now = 1_000_000;
    const fs = new MemfsAdapter(volume, { clock: { now: () => now } });
    await fs.writeFile('/d/a', 'x');
    expect((await fs.stat('/d/a')).mtimeMs).toBe(1_000_000);
    now = 2_000_000;
    await fs.writeAt('/d/a', 0, 'y');
    expect((await fs.stat('/d/a')).mtimeMs).toBe(2_000_000);
  });

  it('reports changes in a watched directory, and stops when unsubscribed', async () => {
    const { fs } = setup();
    const seen: (string | null)[] = [];
    const stop = fs.watch('/d', (name) => seen.push(name));
    await fs.writeFile('/d/a', 'x');
    stop();
    await fs.writeFile('/d/b', 'x');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toContain('a');
    expect(seen).not.toContain('b');
  });

  it('lets several adapters over one volume contend like processes', async () => {
    const volume = new Volume();
    volume.mkdirSync('/d');
    const clock = { now: () => 0, sleep: async () => {} };
    const make = (pid: number) =>
      new Lock('/d/x.lock', {
        fs: new MemfsAdapter(volume),
        clock,
        random: { next: () => 0.5, nonce: () => `nonce-${pid}-abcdef` },
        identity: { hostname: 'h', pid },
        timeSource: 'local',
        autoRefresh: false,
      });
    const a = make(1);
    const b = make(2);
    expect(await a.tryLock()).toBe(true);
    expect(await b.tryLock()).toBe(false);
    await a.unlock();
    expect(await b.tryLock()).toBe(true);
    await b.unlock();
    expect(volume.readdirSync('/d')).toEqual([]);
  });

  it('declares local capabilities, overridable', () => {
    expect(new MemfsAdapter().capabilities).toMatchObject({ hardLinks: true, reliableNlink: true });
    expect(
      new MemfsAdapter(undefined, { capabilities: { reliableNlink: false } }).capabilities
        .reliableNlink,
    ).toBe(false);
  });
});
