import { Lock } from '@linklock/core';
import type { LockAlgorithm } from './algorithm.js';

/** linklock's own algorithm: the real `Lock` of `@linklock/core`, unchanged. */
export const linklock: LockAlgorithm = {
  name: 'linklock',
  fencingTokens: true,
  description:
    'linklock (@linklock/core): link(2) claim, expiry in content, serialised verified break, filesystem time',
  create(context) {
    const lock = new Lock(context.lockfile, {
      fs: context.fs,
      clock: context.clock,
      random: context.random,
      identity: context.identity,
      logger: context.logger,
      lifetime: context.lifetimeMs,
      clockSlop: context.clockSlopMs,
      fencing: context.fencing ?? false,
      onCompromised: (error) => context.onCompromised(error.message),
    });
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
  },
};
