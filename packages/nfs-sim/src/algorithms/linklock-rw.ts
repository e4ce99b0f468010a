import { type ReadWriteHandle, ReadWriteLock } from '@linklock/core';
import type { LockAlgorithm, LockInstance, LockMode } from './algorithm.js';
import { lockOptionsFrom } from './lock-options.js';

/** linklock's shared lock: the real `ReadWriteLock` of `@linklock/core`, unchanged. */
export const linklockRw: LockAlgorithm = {
  name: 'linklock-rw',
  fencingTokens: true,
  shared: true,
  description:
    'linklock ReadWriteLock (@linklock/core): the lock file as a gate, readers in reader slots taken by link, never a listing (H19)',
  create(context) {
    return new ReadWriteInstance(new ReadWriteLock(context.lockfile, lockOptionsFrom(context)));
  },
};

/**
 * A `ReadWriteLock` as the simulation drives it: `acquire(null)` waits forever, `acquire(0)` is
 * one attempt, a timeout is a `false`, not an error; the handle is kept for the release.
 */
class ReadWriteInstance implements LockInstance {
  readonly #lock: ReadWriteLock;
  #handle: ReadWriteHandle | undefined;

  constructor(lock: ReadWriteLock) {
    this.#lock = lock;
  }

  get token(): number | undefined {
    return this.#handle?.fencingToken;
  }

  async acquire(timeoutMs: number | null, mode: LockMode = 'write'): Promise<boolean> {
    this.#handle = await this.#take(timeoutMs, mode);
    return this.#handle !== undefined;
  }

  async release(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    if (handle === undefined) {
      throw Object.assign(new Error('release without a handle'), { code: 'ENOTLOCKED' });
    }
    await handle.release();
  }

  async #take(timeoutMs: number | null, mode: LockMode): Promise<ReadWriteHandle | undefined> {
    const lock = this.#lock;
    if (timeoutMs === 0) return mode === 'read' ? lock.tryAcquireRead() : lock.tryAcquireWrite();
    const options = timeoutMs === null ? {} : { timeout: timeoutMs };
    try {
      return await (mode === 'read' ? lock.acquireRead(options) : lock.acquireWrite(options));
    } catch (error) {
      if ((error as { code?: string }).code === 'ELOCKTIMEOUT') return undefined;
      throw error;
    }
  }
}
