/**
 * How a client mounts the export: the Linux NFS client's cache options (nfs(5)), and a mode
 * that behaves like sshfs and other FUSE network filesystems.
 */
export interface MountOptions {
  /** Attribute cache bounds for files and directories, in ms (Linux: 3 s, 60 s, 30 s, 60 s). */
  acregminMs: number;
  acregmaxMs: number;
  acdirminMs: number;
  acdirmaxMs: number;
  /** `noac`: no attribute caching at all (every stat asks the server). */
  noac: boolean;
  /** Which name lookups are cached: both found and not-found names, found only, or none. */
  lookupcache: 'all' | 'positive' | 'none';
  /** Close-to-open: opening a file revalidates its attributes (and so its cached content). `nocto` turns it off. */
  cto: boolean;
  /**
   * sshfs-like: attributes are cached even for a freshly opened file (content is always read
   * fresh), mtimes have whole seconds, link counts read 1 and inode numbers differ between
   * names, and `link` onto an existing name it has not looked up fails with EPERM.
   */
  sshfsLike: boolean;
}

export const LINUX_DEFAULTS: MountOptions = {
  acregminMs: 3_000,
  acregmaxMs: 60_000,
  acdirminMs: 30_000,
  acdirmaxMs: 60_000,
  noac: false,
  lookupcache: 'all',
  cto: true,
  sshfsLike: false,
};

export const NO_CACHING: MountOptions = { ...LINUX_DEFAULTS, noac: true, lookupcache: 'none' };

export const SSHFS_LIKE: MountOptions = {
  ...LINUX_DEFAULTS,
  acregminMs: 20_000,
  acregmaxMs: 20_000,
  acdirminMs: 20_000,
  acdirmaxMs: 20_000,
  lookupcache: 'all',
  sshfsLike: true,
};
