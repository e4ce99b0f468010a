import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { killAllFixtures } from '../test/support/fixture-process.js';

/**
 * Small filesystems of a test's own, mounted (as root) under a temporary directory of its own:
 * a size-limited tmpfs, or an ext4 image on a loop device, to fill up (ENOSPC) or remount
 * read-only (EROFS) under the lock while other processes use it. After each test every child
 * process is killed and every mount undone, whatever path the test took; after the file, a
 * mount still in /proc/self/mountinfo fails it.
 */

export type FilesystemKind = 'tmpfs' | 'ext4';

export interface SmallFilesystem {
  kind: FilesystemKind;
  /** Where it is mounted: the lock's directory. */
  dir: string;
  /** A directory on the ordinary disk beside it, for what must not be caught by its faults. */
  outside: string;
}

/**
 * The sizes of the ballast writes, largest first: a write that does not fit fails whole
 * (ENOSPC) on ext4, so smaller ones then take the last blocks, down to the last byte.
 */
const BALLAST_CHUNKS = [65_536, 4_096, 512, 1].map((size) => Buffer.alloc(size, 0x2e));

/** Each test file's mounts live under `<tmpdir>/linklock-faults-<pid of its process>-*`. */
const ROOT_PREFIX = 'linklock-faults-';

/**
 * Undoes what a run killed outright (SIGKILL, so no afterEach ran) left: the mounts and
 * directories of roots whose process is gone. Another run's, alive, are left alone.
 */
function clearDeadRuns(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(name.slice(ROOT_PREFIX.length).split('-')[0]);
    if (!name.startsWith(ROOT_PREFIX) || !Number.isSafeInteger(pid) || isAlive(pid)) continue;
    const root = join(tmpdir(), name);
    for (const dir of mountsUnder(root).reverse()) unmount(dir);
    rmSync(root, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Mounts small filesystems for the tests of this file; see the module comment. */
export function useSmallFilesystems(): (kind: FilesystemKind) => SmallFilesystem {
  clearDeadRuns();
  const root = mkdtempSync(join(tmpdir(), `${ROOT_PREFIX}${process.pid}-`));
  let mounted: string[] = [];
  let count = 0;
  afterEach(async () => {
    // Children first: a process with a file open on a mount keeps it busy.
    await killAllFixtures();
    const left = mounted;
    mounted = [];
    const failures: string[] = [];
    for (const dir of left.reverse()) {
      try {
        unmount(dir);
      } catch (error) {
        failures.push(`${dir}: ${(error as Error).message}`);
      }
    }
    if (failures.length > 0) throw new Error(`could not unmount ${failures.join('; ')}`);
  });
  afterAll(() => {
    const still = mountsUnder(root);
    if (still.length === 0) rmSync(root, { recursive: true, force: true });
    if (still.length > 0) throw new Error(`mounts left behind: ${still.join(', ')}`);
  });
  return (kind) => {
    count += 1;
    const base = join(root, `${kind}-${count}`);
    const dir = join(base, 'mnt');
    const outside = join(base, 'outside');
    mkdirSync(dir, { recursive: true });
    mkdirSync(outside);
    if (kind === 'tmpfs') {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=755', 'tmpfs', dir]);
      mounted.push(dir);
    } else {
      const image = join(base, 'ext4.img');
      execFileSync('truncate', ['-s', '4M', image]);
      // 1 KiB blocks and no reserved blocks: root fills it as anyone would.
      execFileSync('mkfs.ext4', ['-q', '-F', '-b', '1024', '-m', '0', '-N', '256', image]);
      // A loop device of its own, detached when unmounted (autoclear).
      execFileSync('mount', ['-o', 'loop', image, dir]);
      mounted.push(dir);
      rmSync(join(dir, 'lost+found'), { recursive: true, force: true });
    }
    return { kind, dir, outside };
  };
}

/**
 * The kinds of filesystem a test file can mount here: tmpfs always, ext4 when mkfs.ext4 is
 * here or can be installed (e2fsprogs, with apt-get, as scripts/realfs/setup.sh installs its
 * packages) and a loop device is free. Without them, CI fails and a local run says why the
 * ext4 cases are not run.
 */
export function availableKinds(testFile: string): FilesystemKind[] {
  const why = !(hasMkfsExt4() || (installE2fsprogs() && hasMkfsExt4()))
    ? 'mkfs.ext4 not found, and apt-get could not install e2fsprogs'
    : !succeeds('losetup', ['-f'])
      ? 'no free loop device (losetup -f)'
      : undefined;
  if (why === undefined) return ['tmpfs', 'ext4'];
  if (process.env.CI) throw new Error(`${testFile}: the ext4 cases cannot run: ${why}`);
  console.info(`${testFile}: the ext4 cases are not run: ${why}`);
  return ['tmpfs'];
}

function hasMkfsExt4(): boolean {
  return succeeds('sh', ['-c', 'command -v mkfs.ext4']);
}

function installE2fsprogs(): boolean {
  const install = ['install', '-y', '--no-install-recommends', 'e2fsprogs'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (succeeds('apt-get', install, env)) return true;
  return succeeds('apt-get', ['update'], env) && succeeds('apt-get', install, env);
}

function succeeds(command: string, args: string[], env = process.env): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', env });
    return true;
  } catch {
    return false;
  }
}

/**
 * Fills the filesystem until not one more byte fits, in a file named `ballast-*`; called again,
 * it takes whatever room was freed since.
 */
export function fill(fs: SmallFilesystem): void {
  let fd: number;
  try {
    fd = openSync(join(fs.dir, `ballast-${process.hrtime.bigint()}`), 'wx');
  } catch (error) {
    // Not even an inode or a directory entry left.
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return;
    throw error;
  }
  try {
    for (const chunk of BALLAST_CHUNKS) writeUntilFull(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

function writeUntilFull(fd: number, chunk: Buffer): void {
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
}

/** Removes the ballast: the filesystem has room again. */
export function freeSpace(fs: SmallFilesystem): void {
  for (const name of readdirSync(fs.dir)) {
    if (name.startsWith('ballast-')) unlinkSync(join(fs.dir, name));
  }
}

/** The directory's entries other than the ballast. */
export function entriesBesidesBallast(fs: SmallFilesystem): string[] {
  return readdirSync(fs.dir)
    .filter((name) => !name.startsWith('ballast-'))
    .sort();
}

/**
 * Remounts read-only. The kernel refuses (EBUSY) while a file is open for writing on it, as a
 * holder's refresh has one for a moment: try again a few times.
 */
export async function remountReadOnly(fs: SmallFilesystem): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      execFileSync('mount', ['-o', 'remount,ro', fs.dir], { stdio: 'pipe' });
      return;
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export function remountReadWrite(fs: SmallFilesystem): void {
  execFileSync('mount', ['-o', 'remount,rw', fs.dir]);
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    // Still busy (a child not yet reaped by the kernel): detach it now, freed when unused.
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  }
}

/** Mount points under `root` that /proc/self/mountinfo still lists. */
export function mountsUnder(root: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point.startsWith(`${root}/`));
}
