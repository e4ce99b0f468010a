/**
 * The `node:fs` functions the facade covers, as rules, pauses, latency and history name them:
 * one name for the three forms (`writeFile`, `writeFileSync`, `promises.writeFile`). A
 * `FileHandle`'s methods count as the fd functions (`handle.sync()` is `fsync`).
 */
export const NODE_OPS = [
  'open',
  'close',
  'read',
  'write',
  'fsync',
  'fdatasync',
  'readFile',
  'writeFile',
  'appendFile',
  'mkdir',
  'mkdtemp',
  'rm',
  'rmdir',
  'unlink',
  'rename',
  'link',
  'symlink',
  'readlink',
  'realpath',
  'readdir',
  'stat',
  'lstat',
  'fstat',
  'access',
  'exists',
  'copyFile',
  'truncate',
  'ftruncate',
  'utimes',
  'futimes',
  'chmod',
  'fchmod',
] as const;

export type NodeOp = (typeof NODE_OPS)[number];

/** Functions whose first argument is a file descriptor: their path is the one it was opened with. */
export const FD_OPS: ReadonlySet<NodeOp> = new Set<NodeOp>([
  'close',
  'read',
  'write',
  'fsync',
  'fdatasync',
  'fstat',
  'ftruncate',
  'futimes',
  'fchmod',
]);

/** Functions with two path arguments (`path` and `dest` in Node's errors). */
export const TWO_PATH_OPS: ReadonlySet<NodeOp> = new Set<NodeOp>([
  'rename',
  'link',
  'symlink',
  'copyFile',
]);

/** The syscall Node names in an error of each function (the first it makes, for the compound ones). */
export const NODE_SYSCALL: Record<NodeOp, string> = {
  open: 'open',
  close: 'close',
  read: 'read',
  write: 'write',
  fsync: 'fsync',
  fdatasync: 'fdatasync',
  readFile: 'open',
  writeFile: 'open',
  appendFile: 'open',
  mkdir: 'mkdir',
  mkdtemp: 'mkdtemp',
  rm: 'rm',
  rmdir: 'rmdir',
  unlink: 'unlink',
  rename: 'rename',
  link: 'link',
  symlink: 'symlink',
  readlink: 'readlink',
  realpath: 'realpath',
  readdir: 'scandir',
  stat: 'stat',
  lstat: 'lstat',
  fstat: 'fstat',
  access: 'access',
  exists: 'access',
  copyFile: 'copyfile',
  truncate: 'open',
  ftruncate: 'ftruncate',
  utimes: 'utime',
  futimes: 'futime',
  chmod: 'chmod',
  fchmod: 'fchmod',
};

/**
 * The path a call is "about", which rules and pauses match: the name a call creates for
 * `link`, `symlink` and `copyFile` (their second path, where EEXIST happens), the old name for
 * `rename` (what disappears), the only path for the others.
 */
export function nodeSubject(op: NodeOp, paths: string[]): string {
  const created = op === 'link' || op === 'symlink' || op === 'copyFile';
  return (created ? paths[1] : paths[0]) ?? '';
}
