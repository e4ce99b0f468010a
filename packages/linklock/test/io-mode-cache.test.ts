import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectFilesystem } from '../src/filesystem-kind.js';
import { IoModeCache } from '../src/io-mode-cache.js';

let dir: string;
let real: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'linklock-mode-'));
  real = realpathSync(dir);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function mountinfoWith(type: string): string {
  return [
    '27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
    `40 27 0:40 / ${real.replace(/ /g, '\\040')} rw,relatime - ${type} src rw`,
  ].join('\n');
}

describe('detectFilesystem', () => {
  it('matches the real path of the directory against the mounts', async () => {
    const info = await detectFilesystem(dir, {
      readMountinfo: async () => mountinfoWith('fuse.sshfs'),
    });
    expect(info).toMatchObject({
      directory: dir,
      realPath: real,
      mountPoint: real,
      fsType: 'fuse.sshfs',
      options: ['rw', 'relatime'],
      kind: 'fuse',
      ioMode: 'async',
      capabilities: {
        reliableNlink: false,
        reliableIno: false,
        mtimeResolutionMs: 1000,
        watchSeesOtherHosts: false,
      },
    });
  });

  it('resolves undefined without a mount table', async () => {
    expect(await detectFilesystem(dir, { readMountinfo: async () => undefined })).toBeUndefined();
    expect(
      await detectFilesystem(dir, {
        readMountinfo: () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOENT' })),
      }),
    ).toBeUndefined();
  });

  it('rejects for a directory that does not exist', async () => {
    await expect(detectFilesystem(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('detects the real filesystem of a temporary directory on Linux', async () => {
    const info = await detectFilesystem(dir);
    if (process.platform !== 'linux') {
      expect(info).toBeUndefined();
      return;
    }
    expect(info?.fsType).toMatch(/\S/);
    const mountPoint = info?.mountPoint ?? '';
    expect(mountPoint === '/' || real === mountPoint || real.startsWith(`${mountPoint}/`)).toBe(
      true,
    );
  });
});

describe('IoModeCache', () => {
  it('detects once per directory and answers from memory afterwards', async () => {
    let reads = 0;
    const cache = new IoModeCache({
      readMountinfo: async () => {
        reads += 1;
        return mountinfoWith('ext4');
      },
    });
    expect(cache.known(dir)).toBeUndefined();
    const [a, b] = await Promise.all([cache.modeOf(dir), cache.modeOf(dir)]);
    expect([a, b]).toEqual(['sync', 'sync']);
    expect(reads).toBe(1);
    expect(cache.known(dir)).toBe('sync');
    expect(cache.modeOf(dir)).toBe('sync');
    expect(reads).toBe(1);
  });

  it('chooses async for network and FUSE filesystems', async () => {
    for (const type of ['nfs4', 'fuse.sshfs', 'cifs', '9p']) {
      const cache = new IoModeCache({ readMountinfo: async () => mountinfoWith(type) });
      expect(await cache.modeOf(dir), type).toBe('async');
    }
  });

  it('chooses async where the filesystem cannot be detected', async () => {
    const cache = new IoModeCache({ readMountinfo: async () => undefined });
    expect(await cache.modeOf(dir)).toBe('async');
    expect(cache.known(dir)).toBe('async');
  });

  it('does not remember a directory that could not be resolved', async () => {
    let reads = 0;
    const cache = new IoModeCache({
      readMountinfo: async () => {
        reads += 1;
        return mountinfoWith('ext4');
      },
    });
    const missing = join(dir, 'later');
    expect(await cache.modeOf(missing)).toBe('async');
    expect(cache.known(missing)).toBeUndefined();
    expect(reads).toBe(0);
  });

  it('takes a remembered mode as known', () => {
    const cache = new IoModeCache({ readMountinfo: async () => undefined });
    cache.remember('/x', 'sync');
    expect(cache.modeOf('/x')).toBe('sync');
  });

  it('answers for an entry by the directory dirname() gives, whatever was asked before', () => {
    const cache = new IoModeCache({ readMountinfo: async () => undefined });
    cache.remember('/x', 'sync');
    cache.remember('/x/', 'async');
    const asked = ['/x/a', '/x/b', '/x//c', '/x/d/', '/x/y/e', '/x/f', '/xy', '/', 'x/a', '/x/g'];
    for (const path of asked)
      expect(cache.knownForEntry(path), path).toBe(cache.known(dirname(path)));
    cache.remember('/x', 'async');
    expect(cache.knownForEntry('/x/a')).toBe('async');
  });
});
