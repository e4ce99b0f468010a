import type { FsStats } from '@linklock/core';
import type { Attributes } from '../server/attributes.js';
import type { MountOptions } from './mount-options.js';

/** What stats look like through a mount (sshfs: whole-second mtimes, nlink 1, per-name inodes). */
export function presentStats(
  path: string,
  attributes: Attributes,
  { sshfsLike }: Pick<MountOptions, 'sshfsLike'>,
): FsStats {
  return {
    ino: sshfsLike ? hashName(path) : attributes.ino,
    nlink: sshfsLike ? 1 : attributes.nlink,
    mtimeMs: sshfsLike ? Math.floor(attributes.mtimeMs / 1_000) * 1_000 : attributes.mtimeMs,
    size: attributes.size,
    isFile: () => attributes.type === 'file',
    isDirectory: () => attributes.type === 'directory',
    isSymbolicLink: () => false,
  };
}

/** sshfs shows a different inode number for each name of a file. */
function hashName(path: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i += 1)
    hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
