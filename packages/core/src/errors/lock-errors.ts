/**
 * The errors the lock itself raises. Each has a stable `code`; messages may change.
 * Programmer mistakes (bad arguments) are plain `TypeError`/`RangeError` instead.
 */
export class LockError extends Error {
  override name = 'LockError';
  readonly code: string;
  readonly lockfile: string;

  constructor(code: string, lockfile: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.lockfile = lockfile;
  }
}

/** `lock()` gave up at its timeout. */
export class LockTimeoutError extends LockError {
  override name = 'LockTimeoutError';
  constructor(lockfile: string, message: string, options?: { cause?: unknown }) {
    super('ELOCKTIMEOUT', lockfile, message, options);
  }
}

/** This `Lock` already holds the lock (or is busy acquiring it). */
export class AlreadyLockedError extends LockError {
  override name = 'AlreadyLockedError';
  constructor(lockfile: string, message: string) {
    super('EALREADYLOCKED', lockfile, message);
  }
}

/** `unlock()`/`refresh()` while not holding the lock. Another owner's lock file is left untouched. */
export class NotLockedError extends LockError {
  override name = 'NotLockedError';
  constructor(lockfile: string, message: string) {
    super('ENOTLOCKED', lockfile, message);
  }
}

/** A held lock was found broken, replaced or expired. */
export class LockCompromisedError extends LockError {
  override name = 'LockCompromisedError';
  constructor(lockfile: string, message: string, options?: { cause?: unknown }) {
    super('ECOMPROMISED', lockfile, message, options);
  }
}

/** The filesystem cannot do what the algorithm needs (no hard links, ...). */
export class UnsupportedFilesystemError extends LockError {
  override name = 'UnsupportedFilesystemError';
  constructor(lockfile: string, message: string, options?: { cause?: unknown }) {
    super('ELOCKUNSUPPORTED', lockfile, message, options);
  }
}

/** The lock path holds something linklock did not write. It is never broken or removed. */
export class ForeignLockFileError extends LockError {
  override name = 'ForeignLockFileError';
  constructor(lockfile: string, message: string, options?: { cause?: unknown }) {
    super('ELOCKFOREIGN', lockfile, message, options);
  }
}

/** What `lock()`/`acquire()` reject with when their signal aborts: shaped like the platform's. */
export class AbortError extends Error {
  override name = 'AbortError';
  readonly code = 'ABORT_ERR';
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
  }
}
