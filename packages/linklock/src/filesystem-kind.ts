import { readFile, realpath } from 'node:fs/promises';
import type { FsCapabilities } from '@linklock/core';

/**
 * Which filesystem a directory lives on, and what follows from that for the adapter: whether
 * its calls may run synchronously (local disks answer in microseconds; network and FUSE
 * filesystems can block for seconds, so they stay on libuv's thread pool) and which
 * capabilities are honest there.
 *
 * The detection reads `/proc/self/mountinfo` (Linux only) and picks the mount with the longest
 * mount point that prefixes the directory's real path; the parsing and the choice are pure
 * functions over the mountinfo text.
 */

/** How calls are made: `sync` runs node:fs synchronous calls (still returning promises). */
export type IoMode = 'sync' | 'async';

/** A broad class of filesystem types. */
export type FilesystemKind = 'local' | 'network' | 'fuse' | 'other';

/** One line of `/proc/self/mountinfo`, unescaped. */
export interface MountEntry {
  mountId: number;
  parentId: number;
  /** `major:minor` of the device. */
  device: string;
  /** The directory of the filesystem that is mounted here (not `/` for bind mounts). */
  root: string;
  mountPoint: string;
  /** `ext4`, `nfs4`, `fuse.sshfs`, ... */
  fsType: string;
  source: string;
  /**
   * The mount's options, per mount (`rw`, `relatime`, ...) then per filesystem (NFS: `vers=3`,
   * `actimeo=...`, `hard`, ...), each once: what `linklock check` judges a mount by.
   */
  options: string[];
}

/** What the adapter concluded about one directory's filesystem. */
export interface FilesystemInfo {
  directory: string;
  /** The directory with symbolic links resolved: the path the mounts were matched against. */
  realPath: string;
  mountPoint: string;
  fsType: string;
  source: string;
  /** The mount's options (see {@link MountEntry.options}). */
  options: readonly string[];
  kind: FilesystemKind;
  ioMode: IoMode;
  capabilities: FsCapabilities;
}

/** What a local disk (ext4, xfs, btrfs, tmpfs, ...) honestly offers. */
export const LOCAL_DISK_CAPABILITIES: Readonly<FsCapabilities> = Object.freeze({
  hardLinks: true,
  reliableNlink: true,
  reliableIno: true,
  mtimeResolutionMs: 1,
  watchSeesOtherHosts: true,
});

/** Local filesystem types whose calls are fast enough to run synchronously. */
const LOCAL_TYPES = new Set([
  'ext2',
  'ext3',
  'ext4',
  'xfs',
  'btrfs',
  'tmpfs',
  'overlay',
  'zfs',
  'f2fs',
  'ramfs',
]);

/** Filesystem types served over a network (or shared by several hosts). */
const NETWORK_TYPES = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'smbfs',
  '9p',
  'ceph',
  'afs',
  'lustre',
  'gpfs',
  'glusterfs',
  'beegfs',
  'ocfs2',
  'gfs2',
  'virtiofs',
  'davfs',
]);

/** SMB mounts: nlink and inode numbers are not to be trusted. */
const SMB_TYPES = new Set(['cifs', 'smb3', 'smbfs']);

/** FAT family: no hard links, coarse times. Local, but not on the synchronous list. */
const FAT_RESOLUTION_MS: Record<string, number> = { vfat: 2000, msdos: 2000, fat: 2000, exfat: 10 };

export function classifyFilesystem(fsType: string): FilesystemKind {
  if (LOCAL_TYPES.has(fsType)) return 'local';
  if (fsType === 'fuse' || fsType === 'fuseblk' || fsType.startsWith('fuse.')) return 'fuse';
  if (NETWORK_TYPES.has(fsType)) return 'network';
  return 'other';
}

/** Synchronous calls for the local types only; network, FUSE and anything unknown stay asynchronous. */
export function ioModeFor(fsType: string): IoMode {
  return LOCAL_TYPES.has(fsType) ? 'sync' : 'async';
}

/**
 * The capabilities to declare for a filesystem type. Local disks get everything; network and
 * FUSE filesystems never see other hosts' changes through `watch`; sshfs (and FUSE and SMB in
 * general) report neither `nlink` nor inode numbers faithfully; sshfs keeps whole seconds.
 */
export function capabilitiesFor(fsType: string): FsCapabilities {
  const kind = classifyFilesystem(fsType);
  if (kind === 'local') return { ...LOCAL_DISK_CAPABILITIES };
  const fat = FAT_RESOLUTION_MS[fsType];
  if (fat !== undefined) {
    return {
      hardLinks: false,
      reliableNlink: false,
      reliableIno: false,
      mtimeResolutionMs: fat,
      watchSeesOtherHosts: true,
    };
  }
  const remote: FsCapabilities = { ...LOCAL_DISK_CAPABILITIES, watchSeesOtherHosts: false };
  if (fsType === 'fuse.sshfs') {
    return { ...remote, reliableNlink: false, reliableIno: false, mtimeResolutionMs: 1000 };
  }
  if (kind === 'fuse' || SMB_TYPES.has(fsType))
    return { ...remote, reliableNlink: false, reliableIno: false };
  // NFS and the other network filesystems; an unknown type is treated like one (it may be shared).
  return remote;
}

/** Parses the text of `/proc/<pid>/mountinfo` (proc(5)); malformed lines are skipped. */
export function parseMountinfo(text: string): MountEntry[] {
  const mounts: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    // id parent major:minor root mount-point options [optional fields...] - type source super-options
    const separator = fields.indexOf('-', 6);
    if (separator < 0) continue;
    const [id, parent, device, root, mountPoint, mountOptions] = fields;
    const fsType = fields[separator + 1];
    const source = fields[separator + 2];
    const superOptions = fields[separator + 3] ?? '';
    if (
      id === undefined ||
      parent === undefined ||
      device === undefined ||
      root === undefined ||
      mountPoint === undefined ||
      fsType === undefined ||
      source === undefined
    ) {
      continue;
    }
    mounts.push({
      mountId: Number(id),
      parentId: Number(parent),
      device,
      root: unescapeMountField(root),
      mountPoint: unescapeMountField(mountPoint),
      fsType: unescapeMountField(fsType),
      source: unescapeMountField(source),
      options: [...new Set(`${mountOptions ?? ''},${superOptions}`.split(','))]
        .filter((option) => option !== '')
        .map(unescapeMountField),
    });
  }
  return mounts;
}

/** mountinfo escapes space, tab, newline and backslash as `\ooo` octal. */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(Number.parseInt(octal, 8)),
  );
}

/**
 * The mount an absolute, symlink-free path lives on: the longest mount point that is the path
 * or one of its ancestors. Of several mounts on one mount point the last listed (the one
 * mounted on top) wins.
 */
export function findMount(mounts: readonly MountEntry[], realPath: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const mount of mounts) {
    if (!isWithin(realPath, mount.mountPoint)) continue;
    if (best === undefined || mount.mountPoint.length >= best.mountPoint.length) best = mount;
  }
  return best;
}

/** The filesystem type of `realPath` per the mountinfo text, if any mount covers it. */
export function filesystemTypeOf(mountinfo: string, realPath: string): string | undefined {
  return findMount(parseMountinfo(mountinfo), realPath)?.fsType;
}

function isWithin(path: string, mountPoint: string): boolean {
  if (mountPoint === '/') return path.startsWith('/');
  return path === mountPoint || path.startsWith(`${mountPoint}/`);
}

/** Where the mount table is read from; replaceable for tests. */
export interface DetectOptions {
  /** Reads the mountinfo text; rejects or resolves undefined where there is none. */
  readMountinfo?: () => Promise<string | undefined>;
}

/**
 * Detects the filesystem of `directory`. Resolves `undefined` where the mount table cannot be
 * read (not Linux); rejects when the directory cannot be resolved (ENOENT, ...).
 */
export async function detectFilesystem(
  directory: string,
  options: DetectOptions = {},
): Promise<FilesystemInfo | undefined> {
  const realPath = await realpath(directory);
  const mountinfo = await (options.readMountinfo ?? readProcMountinfo)().catch(() => undefined);
  if (mountinfo === undefined) return undefined;
  const mount = findMount(parseMountinfo(mountinfo), realPath);
  if (mount === undefined) return undefined;
  return {
    directory,
    realPath,
    mountPoint: mount.mountPoint,
    fsType: mount.fsType,
    source: mount.source,
    options: mount.options,
    kind: classifyFilesystem(mount.fsType),
    ioMode: ioModeFor(mount.fsType),
    capabilities: capabilitiesFor(mount.fsType),
  };
}

async function readProcMountinfo(): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  return readFile('/proc/self/mountinfo', 'utf8');
}
