import { FsError } from './fs-error.js';
import { LockError } from './lock-errors.js';

/** What stood in the way, by errno code, said of the lock's directory. */
const OBSTACLES: Record<string, (directory: string) => string> = {
  ENOENT: (directory) => `the directory ${directory} does not exist`,
  ENOTDIR: (directory) => `${directory} is not a directory (or a part of its path is not)`,
  EACCES: (directory) => `no permission to create files in ${directory}`,
  EPERM: (directory) => `no permission to create or link files in ${directory}`,
  EROFS: (directory) => `${directory} is on a read-only filesystem`,
  ENOSPC: (directory) => `no space left on the filesystem of ${directory}`,
  EDQUOT: (directory) => `the disk quota of ${directory} is exhausted`,
  // The lock's own names fit in 255 bytes (docs/protocol.md, "Files"): this filesystem allows
  // fewer (eCryptfs: 143), or the whole path is longer than the system allows (PATH_MAX).
  ENAMETOOLONG: (directory) =>
    `a file name or path is too long for the filesystem of ${directory} (linklock's names have at most 255 bytes; this filesystem may allow fewer, or the path be too deep): use a shorter lock name or a shallower directory`,
};

/**
 * A filesystem error met while acquiring, said in the lock's terms: which lock, and what was in
 * the way (a missing directory, no permission, a full disk), rather than the internal claim file
 * whose creation failed. `code`, `errno`, `syscall` and `path` stay those of the failure, so code
 * that tests them works unchanged; the original error is the `cause`. The lock's own errors, an
 * abort and programming mistakes pass through as they are.
 */
export function inLockTerms(lockfile: string, directory: string, error: unknown): unknown {
  const failure = error as { code?: unknown; syscall?: unknown; path?: unknown; errno?: unknown };
  if (error instanceof LockError || typeof failure?.code !== 'string') return error;
  if ((error as { name?: unknown }).name === 'AbortError') return error;
  const code = failure.code;
  const obstacle = OBSTACLES[code]?.(directory) ?? describeFailure(error, failure);
  return new FsError(code, {
    ...(typeof failure.syscall === 'string' ? { syscall: failure.syscall } : {}),
    ...(typeof failure.path === 'string' ? { path: failure.path } : {}),
    ...(typeof failure.errno === 'number' ? { errno: failure.errno } : {}),
    message: `cannot lock ${lockfile}: ${obstacle} (${code})`,
    cause: error,
  });
}

function describeFailure(error: unknown, failure: { syscall?: unknown; path?: unknown }): string {
  const what = [failure.syscall, failure.path].filter((part) => typeof part === 'string');
  const message = error instanceof Error ? error.message : String(error);
  return what.length > 0 ? `${what.join(' ')} failed: ${message}` : message;
}
