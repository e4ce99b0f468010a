import { Lock } from '@linklock/core';
import type { LockAlgorithm } from './algorithm.js';
import { asLockInstance, linklock } from './linklock.js';
import { lockOptionsWithClockSlop } from './lock-options.js';

/**
 * linklock with an explicit `clockSlop` instead of its default: for tests that shrink the slop
 * until the simulator finds the unsafe value (an object, so runs of it use one worker).
 */
export function linklockWithClockSlop(clockSlopMs: number): LockAlgorithm {
  return {
    ...linklock,
    name: `linklock (clockSlop ${clockSlopMs} ms)`,
    create(context) {
      return asLockInstance(
        new Lock(context.lockfile, lockOptionsWithClockSlop(context, clockSlopMs)),
      );
    },
  };
}
