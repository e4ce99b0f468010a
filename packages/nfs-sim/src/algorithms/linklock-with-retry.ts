import { Lock, type LockOptions } from '@linklock/core';
import type { LockAlgorithm } from './algorithm.js';
import { asLockInstance, linklock } from './linklock.js';
import { lockOptionsFrom } from './lock-options.js';

/**
 * linklock with its waiting bounds set (`retry`, the public option): the simulated mounts have
 * no directory watch, so these bounds are its whole polling schedule. For measuring what a
 * faster or slower poll costs and gains (the bench's `nfs-handoff` trade-off table).
 */
export function linklockWithRetry(retry: NonNullable<LockOptions['retry']>): LockAlgorithm {
  return {
    ...linklock,
    name: `linklock (retry ${retry.minDelay ?? 'default'}–${retry.maxDelay ?? 'default'} ms)`,
    create(context) {
      return asLockInstance(new Lock(context.lockfile, { ...lockOptionsFrom(context), retry }));
    },
  };
}
