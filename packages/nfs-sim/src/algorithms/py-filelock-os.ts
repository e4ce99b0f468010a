import type { Clock, Random } from '@linklock/core';
import { errorCode } from '@linklock/core';

/**
 * What the py-filelock 4 ports (`py-filelock-strict.ts`, `py-filelock-rw.ts`) share of Python:
 * its exception classes as the ports need to tell them apart, `secrets.token_hex` and
 * `time.monotonic` on the simulation's randomness and clock.
 *
 * Python's `OSError` is every error of the filesystem (here: an error with an errno `code`,
 * which is what the `FsAdapter` rejects with) and py-filelock's own `OSError`s: a bare
 * `OSError(message)` (`PyOSError`) and `SoftFileLockProtocolError` (`filelock/_error.py`, a
 * subclass of `OSError`). `FileNotFoundError` is `ENOENT` alone, `FileExistsError` `EEXIST`,
 * `PermissionError` `EACCES` or `EPERM`.
 */

/** `OSError(message)` raised by py-filelock itself (no errno). */
export class PyOSError extends Error {
  override name = 'OSError';
}

/** `filelock._error.SoftFileLockProtocolError`: the lock refuses to go on (fail closed). */
export class SoftFileLockProtocolError extends PyOSError {
  override name = 'SoftFileLockProtocolError';
  constructor(lockFile: string, claimName: string | null, reason: string) {
    super(`${lockFile}${claimName === null ? '' : ` (${claimName})`}: ${reason}`);
  }
}

/** `filelock.Timeout`: the acquisition gave up (the port answers `false` instead of raising). */
export class PyTimeout extends Error {
  override name = 'TimeoutError';
}

/** Whether Python would catch `error` with `except OSError`. */
export function isOSError(error: unknown): boolean {
  return error instanceof PyOSError || errorCode(error) !== undefined;
}

/** `except FileNotFoundError`. */
export function isFileNotFound(error: unknown): boolean {
  return errorCode(error) === 'ENOENT';
}

/** `except FileExistsError`. */
export function isFileExists(error: unknown): boolean {
  return errorCode(error) === 'EEXIST';
}

/** `except PermissionError`. */
export function isPermissionError(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'EACCES' || code === 'EPERM';
}

/** `secrets.token_hex(length / 2)`: `length` lowercase hex digits, from the simulation's randomness. */
export function tokenHex(random: Random, length = 32): string {
  let hex = '';
  while (hex.length < length) {
    hex += Math.floor(random.next() * 0x1_0000)
      .toString(16)
      .padStart(4, '0');
  }
  return hex.slice(0, length);
}

/** `secrets.randbelow(n)`: an integer in [0, n). */
export function randbelow(random: Random, n: number): number {
  return Math.floor(random.next() * n);
}

/** `time.monotonic()` / `time.perf_counter()`, in milliseconds: the clock's monotonic reading where it has one. */
export function monotonicMs(clock: Clock): number {
  return clock.monotonic?.() ?? clock.now();
}

/** `os.path.split`. */
export function splitPath(path: string): [directory: string, name: string] {
  const slash = path.lastIndexOf('/');
  return [slash <= 0 ? '/' : path.slice(0, slash), path.slice(slash + 1)];
}
