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
  ENAMETOOLONG: () =>
    "the lock's file names are too long for the filesystem (a claim file adds the host, pid and a nonce to the lock's name)",
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
