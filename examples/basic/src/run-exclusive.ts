import { createLock, LockTimeoutError } from 'linklock';

export interface RunExclusiveOptions {
  /** Give up waiting for the lock after this many milliseconds. */
  timeout?: number;
  /** Stop waiting when aborted (e.g. on shutdown). */
  signal?: AbortSignal;
}

/**
 * Runs `job` while holding the lock at `lockPath`, so that no other process (on this host or,
 * through NFS, on another) runs a job under the same lock at the same time. Resolves with the
 * job's result, or with `{ skipped }` when the lock stayed taken past the timeout.
 */
export async function runExclusive<T>(
  lockPath: string,
  job: () => Promise<T>,
  options: RunExclusiveOptions = {},
): Promise<{ result: T } | { skipped: string }> {
  try {
    // `await using` releases the lock however the block is left; the lock refreshes itself
    // while the job runs, however long it takes.
    await using _held = await createLock(lockPath).acquire(options);
    return { result: await job() };
  } catch (error) {
    if (error instanceof LockTimeoutError) return { skipped: error.message };
    // AbortError (code ABORT_ERR), ForeignLockFileError (ELOCKFOREIGN), filesystem errors
    // (EACCES, ENOENT for a missing directory, ...) are the caller's to handle.
    throw error;
  }
}
