import {
  type Lock,
  LockTimeoutError,
  type ReadWriteHandle,
  type ReadWriteLock,
} from '@linklock/core';

/** How `linklock run` holds its lock: alone (a `Lock`), or as a reader of a shared lock. */
export interface RunHold {
  /** Waits as asked; `false` when the lock was not acquired (timeout, `nonblock`). */
  acquire(request: {
    nonblock: boolean;
    timeout: number | undefined;
    signal: AbortSignal;
  }): Promise<boolean>;
  /** Lets it go; rejects when it turned out to have been lost meanwhile. */
  release(): Promise<void>;
}

/**
 * The lock alone: no other holder of any kind. On a shared lock (`isShared`, looked at while
 * holding the lock file, which every reader holds while it registers) that means being its
 * writer, which also waits for the readers inside to leave: the lock file is let go and the
 * lock taken again as the writer.
 */
export function exclusiveHold(
  lock: Lock,
  readWriteLock: ReadWriteLock,
  isShared: () => Promise<boolean>,
): RunHold {
  let writing: ReadWriteHandle | undefined;
  return {
    async acquire({ nonblock, timeout, signal }) {
      const started = performance.now();
      const wait = { ...(timeout === undefined ? {} : { timeout }), signal };
      if (
        nonblock ? !(await lock.tryLock()) : !(await notAcquiredOnTimeout(() => lock.lock(wait)))
      ) {
        return false;
      }
      if (!(await isShared())) return true;
      await lock.unlock();
      if (nonblock) {
        writing = await readWriteLock.tryAcquireWrite();
        return writing !== undefined;
      }
      const left =
        timeout === undefined
          ? {}
          : { timeout: Math.max(0, timeout - (performance.now() - started)) };
      return notAcquiredOnTimeout(async () => {
        writing = await readWriteLock.acquireWrite({ ...left, signal });
      });
    },
    async release() {
      if (writing === undefined) return lock.unlock();
      await writing.release();
      writing = undefined;
    },
  };
}

/** A reader of a shared lock: with other readers, never with a writer. */
export function sharedHold(readWriteLock: ReadWriteLock): RunHold {
  let handle: ReadWriteHandle | undefined;
  return {
    async acquire({ nonblock, timeout, signal }) {
      if (nonblock) {
        handle = await readWriteLock.tryAcquireRead();
        return handle !== undefined;
      }
      return notAcquiredOnTimeout(async () => {
        handle = await readWriteLock.acquireRead({
          ...(timeout === undefined ? {} : { timeout }),
          signal,
        });
      });
    },
    async release() {
      await handle?.release();
      handle = undefined;
    },
  };
}

async function notAcquiredOnTimeout(wait: () => Promise<void>): Promise<boolean> {
  try {
    await wait();
    return true;
  } catch (error) {
    if (error instanceof LockTimeoutError) return false;
    throw error;
  }
}
