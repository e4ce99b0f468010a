import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';
import { describe, expect, it } from 'vitest';

// Found by packages/linklock/test/adapter-contract.property.test.ts: memfs's own rename and
// link differ from a real disk's, where a call acts on the names given.
function setup() {
  const volume = new Volume();
  volume.mkdirSync('/d');
  return { volume, fs: new MemfsAdapter(volume) };
}

describe('MemfsAdapter: rename and link act on names, as on a real disk', () => {
  it('rename moves a symlink itself; the file it points to stays where it is', async () => {
    const { fs, volume } = setup();
    volume.writeFileSync('/d/target', 'keep me here');
    volume.symlinkSync('/d/target', '/d/lock');
    await fs.rename('/d/lock', '/d/tomb');
    expect(volume.lstatSync('/d/tomb').isSymbolicLink()).toBe(true);
    expect(String(volume.readlinkSync('/d/tomb'))).toBe('/d/target');
    expect(String(volume.readFileSync('/d/target', 'utf8'))).toBe('keep me here');
    expect(volume.existsSync('/d/lock')).toBe(false);
  });

  it('rename moves a dangling symlink too (memfs said ENOENT)', async () => {
    const { fs, volume } = setup();
    volume.symlinkSync('/d/missing', '/d/lock');
    await fs.rename('/d/lock', '/d/tomb');
    expect(volume.lstatSync('/d/tomb').isSymbolicLink()).toBe(true);
    expect(() => volume.lstatSync('/d/lock')).toThrow(/ENOENT/);
  });

  it('rename never replaces a directory with a file: EISDIR, both kept', async () => {
    const { fs, volume } = setup();
    volume.mkdirSync('/d/empty');
    volume.writeFileSync('/d/file', 'x');
    await expect(fs.rename('/d/file', '/d/empty')).rejects.toMatchObject({
      code: 'EISDIR',
      path: '/d/empty',
    });
    expect(volume.statSync('/d/empty').isDirectory()).toBe(true);
    expect(String(volume.readFileSync('/d/file', 'utf8'))).toBe('x');
  });

  it('rename onto another name of the same file changes nothing, and link counts stay right', async () => {
    const { fs, volume } = setup();
    volume.writeFileSync('/d/claim', 'record');
    volume.linkSync('/d/claim', '/d/lock');
    await fs.rename('/d/lock', '/d/claim');
    expect((await fs.stat('/d/claim')).nlink).toBe(2);
    expect((await fs.stat('/d/lock')).nlink).toBe(2);
  });

  it('rename over one name of a hard-linked file leaves the other name with one link', async () => {
    const { fs, volume } = setup();
    volume.writeFileSync('/d/claim', 'record');
    volume.linkSync('/d/claim', '/d/lock');
    volume.writeFileSync('/d/new', 'other');
    await fs.rename('/d/new', '/d/lock');
    expect((await fs.stat('/d/claim')).nlink).toBe(1);
    expect((await fs.read('/d/lock', { maxBytes: 64 })).data).toBe('other');
  });

  it('link never makes a name under a file (ENOTDIR) or behind a dangling symlink (ENOENT)', async () => {
    const { fs, volume } = setup();
    volume.writeFileSync('/d/file', 'x');
    volume.symlinkSync('/d/missing', '/d/dangling');
    await expect(fs.link('/d/file', '/d/file/name')).rejects.toMatchObject({
      code: 'ENOTDIR',
      path: '/d/file/name',
    });
    await expect(fs.link('/d/file', '/d/dangling/name')).rejects.toMatchObject({
      code: 'ENOENT',
      path: '/d/dangling/name',
    });
    expect((await fs.stat('/d/file')).nlink).toBe(1);
    expect([...(await fs.readdir('/d'))].sort()).toEqual(['dangling', 'file']);
  });
});
