import type { FsStats } from '@linklock/core';
import type { Attributes } from '../nfs3/attributes.js';

/** The FsStats of attributes the server sent. */
export function toFsStats(attributes: Attributes, size = attributes.size): FsStats {
  const { type, fileid, nlink, mtimeMs } = attributes;
  return {
    ino: fileid,
    nlink,
    mtimeMs,
    size,
    isFile: () => type === 'file',
    isDirectory: () => type === 'directory',
    isSymbolicLink: () => type === 'symlink',
  };
}
