import { FsError } from '@linklock/core';

/** Linux errno numbers and messages, as Node reports them (`errno` is negative there). */
const ERRNO: Record<string, [number, string]> = {
  EPERM: [1, 'operation not permitted'],
  ENOENT: [2, 'no such file or directory'],
  EINTR: [4, 'interrupted system call'],
  EIO: [5, 'i/o error'],
  EAGAIN: [11, 'resource temporarily unavailable'],
  EACCES: [13, 'permission denied'],
  EBUSY: [16, 'resource busy or locked'],
  EEXIST: [17, 'file already exists'],
  EXDEV: [18, 'cross-device link not permitted'],
  ENOTDIR: [20, 'not a directory'],
  EISDIR: [21, 'illegal operation on a directory'],
  EFBIG: [27, 'file too large'],
  ENOSPC: [28, 'no space left on device'],
  EROFS: [30, 'read-only file system'],
  EMLINK: [31, 'too many links'],
  ENAMETOOLONG: [36, 'name too long'],
  ENOSYS: [38, 'function not implemented'],
  ENOTEMPTY: [39, 'directory not empty'],
  ELOOP: [40, 'too many symbolic links encountered'],
  ENOTSUP: [95, 'operation not supported on socket'],
  ETIMEDOUT: [110, 'connection timed out'],
  ESTALE: [116, 'stale file handle'],
  EDQUOT: [122, 'disk quota exceeded'],
};

/** Node's errno number (positive) and description for a code, when it is a common one. */
export function errnoOf(code: string): [number, string] | undefined {
  return ERRNO[code];
}

/**
 * An error shaped like the one `node:fs` throws (`code`, `errno`, `syscall`, `path`, and a
 * message such as `ENOENT: no such file or directory, unlink '/x'`), plus a note on what
 * injected it, so a failing test's output says which seed and rule to replay. A code without a
 * known number gets errno 0 (docs/faulty.md): code that reads `errno` still finds a number.
 */
export function nodeLikeError(code: string, syscall: string, path: string, note?: string): FsError {
  const known = ERRNO[code];
  const description = known?.[1] ?? 'injected error';
  const message = `${code}: ${description}, ${syscall} '${path}'${note ? ` (${note})` : ''}`;
  // Not `-(known?.[0] ?? 0)`: that is -0, which `Object.is(errno, 0)` (and `toBe(0)`) rejects.
  return new FsError(code, { syscall, path, message, errno: known ? -known[0] : 0 });
}
