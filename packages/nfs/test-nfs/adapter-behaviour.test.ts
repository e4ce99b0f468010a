import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NfsAdapter } from '@linklock/nfs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  EXPORT_DIR,
  freshExportDirectory,
  HOST,
  MOUNT_PORT,
  NFS_PORT,
  nfsUrl,
  requireGanesha,
} from './support/ganesha.js';

// What NfsAdapter does beyond the conformance suite, against nfs-ganesha: finding the server
// through the portmapper, paths inside the export, directory handles that go stale.
beforeAll(requireGanesha);

let directory: ReturnType<typeof freshExportDirectory> | undefined;
let adapter: NfsAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  directory?.remove();
  adapter = undefined;
  directory = undefined;
});

async function scene() {
  directory = freshExportDirectory('adapter');
  adapter = await NfsAdapter.connect(nfsUrl(EXPORT_DIR));
  return { fs: adapter, local: directory.local, dir: directory.inExport };
}

describe('NfsAdapter on nfs-ganesha', () => {
  it('finds the NFS and MOUNT ports through the portmapper when the URL gives none', async () => {
    directory = freshExportDirectory('portmapper');
    adapter = await NfsAdapter.connect(`nfs://${HOST}${directory.local}`);
    expect([adapter.exportPath, adapter.path]).toEqual([EXPORT_DIR, directory.inExport]);
    await adapter.writeFile(`${adapter.path}/found`, 'via rpcbind');
    expect(readFileSync(join(directory.local, 'found'), 'utf8')).toBe('via rpcbind');
  });

  it('takes relative paths from the export root and never climbs out of it with ..', async () => {
    const { fs, local, dir } = await scene();
    await fs.writeFile(`${dir.slice(1)}/relative`, 'r');
    await fs.writeFile(`/../../..${dir}/climbed`, 'c');
    expect(readFileSync(join(local, 'relative'), 'utf8')).toBe('r');
    expect(readFileSync(join(local, 'climbed'), 'utf8')).toBe('c');
    expect((await fs.stat('/')).isDirectory()).toBe(true);
  });

  it('makes directories, recursively, and removes empty ones', async () => {
    const { fs, local, dir } = await scene();
    await fs.mkdir(`${dir}/a/b/c`, { recursive: true });
    await fs.mkdir(`${dir}/a/b/c`, { recursive: true });
    expect(statSync(join(local, 'a', 'b', 'c')).isDirectory()).toBe(true);
    await expect(fs.mkdir(`${dir}/a`)).rejects.toMatchObject({ code: 'EEXIST', syscall: 'mkdir' });
    await expect(fs.mkdir(`${dir}/x/y`)).rejects.toMatchObject({ code: 'ENOENT' });
    await fs.writeFile(`${dir}/a/file`, 'x');
    await expect(fs.mkdir(`${dir}/a/file/d`, { recursive: true })).rejects.toMatchObject({
      code: 'ENOTDIR',
    });
    await expect(fs.rmdir(`${dir}/a/b`)).rejects.toMatchObject({ code: 'ENOTEMPTY' });
    await fs.rmdir(`${dir}/a/b/c`);
    expect(readdirSync(join(local, 'a', 'b'))).toEqual([]);
  });

  it('finds a directory that another client removed and made again (its cached handle went stale)', async () => {
    const { fs, local, dir } = await scene();
    const other = await NfsAdapter.connect(nfsUrl(EXPORT_DIR));
    try {
      await fs.mkdir(`${dir}/locks`);
      await fs.writeFile(`${dir}/locks/a`, 'before'); // caches the handle of locks/
      await other.unlink(`${dir}/locks/a`);
      await other.rmdir(`${dir}/locks`);
      await other.mkdir(`${dir}/locks`);
      await fs.writeFile(`${dir}/locks/b`, 'after');
      expect(readFileSync(join(local, 'locks', 'b'), 'utf8')).toBe('after');
      expect(await fs.readdir(`${dir}/locks`)).toEqual(['b']);
    } finally {
      await other.close();
    }
  });

  it('follows a renamed directory by its handle until it goes stale (documented)', async () => {
    const { fs, local, dir } = await scene();
    mkdirSync(join(local, 'locks'));
    await fs.writeFile(`${dir}/locks/a`, 'x');
    renameSync(join(local, 'locks'), join(local, 'moved'));
    await fs.writeFile(`${dir}/locks/b`, 'y');
    // The handle names the directory, not the path: the write lands where the directory went.
    expect(readFileSync(join(local, 'moved', 'b'), 'utf8')).toBe('y');
  });

  it('says ENOTDIR for a path through a file, ENOENT through a missing directory', async () => {
    const { fs, local, dir } = await scene();
    writeFileSync(join(local, 'file'), 'x');
    await expect(fs.writeFile(`${dir}/file/a`, 'x')).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(fs.stat(`${dir}/missing/a`)).rejects.toMatchObject({
      code: 'ENOENT',
      path: `${dir}/missing/a`,
      syscall: 'lstat',
    });
  });

  it("sets a file's mtime to the client's time with utimes", async () => {
    const { fs, local, dir } = await scene();
    await fs.writeFile(`${dir}/claim`, 'x');
    await fs.utimes(`${dir}/claim`, 1_700_000_000_250);
    expect((await fs.stat(`${dir}/claim`)).mtimeMs).toBe(1_700_000_000_250);
    expect(statSync(join(local, 'claim')).mtimeMs).toBe(1_700_000_000_250);
  });

  it('reads a file larger than the server reads at once, and refuses one over maxBytes', async () => {
    const { fs, local, dir } = await scene();
    const big = 'x'.repeat(3 * 1024 * 1024 + 17);
    writeFileSync(join(local, 'big'), big);
    const { data, stats } = await fs.read(`${dir}/big`, { maxBytes: big.length });
    expect([data.length, stats.size]).toEqual([big.length, big.length]);
    await expect(fs.read(`${dir}/big`, { maxBytes: 1000 })).rejects.toMatchObject({
      code: 'EFBIG',
    });
  });

  it('writes a file larger than the server writes at once, whole', async () => {
    const { fs, local, dir } = await scene();
    const big = 'abcdefgh'.repeat(200_000);
    await fs.writeFile(`${dir}/big`, big);
    expect(readFileSync(join(local, 'big'), 'utf8')).toBe(big);
  });
});

describe('connecting to nfs-ganesha with a wrong export', () => {
  it('lists what the server exports when none holds the path', async () => {
    await expect(NfsAdapter.connect(nfsUrl('/nowhere/job.lock'))).rejects.toMatchObject({
      name: 'NfsConnectionError',
      code: 'ENOENT',
      host: HOST,
      message: expect.stringContaining(`it exports ${EXPORT_DIR}`),
    });
  });

  it('names the export the server would not mount', async () => {
    await expect(
      NfsAdapter.connect({ host: HOST, port: NFS_PORT, mountPort: MOUNT_PORT, exportPath: '/etc' }),
    ).rejects.toMatchObject({ name: 'NfsConnectionError', exportPath: '/etc', port: MOUNT_PORT });
  });
});
