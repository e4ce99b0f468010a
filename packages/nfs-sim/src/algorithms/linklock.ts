import { Lock } from '@linklock/core';
import type { LockAlgorithm, LockInstance } from './algorithm.js';
import { lockOptionsFrom } from './lock-options.js';

/** linklock's own algorithm: the real `Lock` of `@linklock/core`, unchanged. */
export const linklock: LockAlgorithm = {
  name: 'linklock',
  fencingTokens: true,
  description:
    'linklock (@linklock/core): link(2) claim, expiry in content, serialised verified break, filesystem time',
  create(context) {
    const lock = new Lock(context.lockfile, lockOptionsFrom(context));
    return asLockInstance(lock);
  },
};

/**
 * A linklock `Lock` as the simulation drives it: `acquire(null)` waits forever, `acquire(0)`
 * is one attempt, a timeout is a `false`, not an error. For algorithms that make their lock
 * some other way (e.g. through a dependency-injection container) and run it in the simulator.
 */
export function asLockInstance(lock: Lock): LockInstance {
  return {
    async acquire(timeoutMs) {
      if (timeoutMs === 0) return lock.tryLock();
      try {
        await lock.lock(timeoutMs === null ? {} : { timeout: timeoutMs });
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === 'ELOCKTIMEOUT') return false;
        throw error;
      }
    },
    release: () => lock.unlock(),
    get token() {
      return lock.fencingToken;
    },
  };
}
