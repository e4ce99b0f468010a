import { Lock } from '@linklock/core';
import type { LockAlgorithm } from './algorithm.js';
import { asLockInstance, linklock } from './linklock.js';
import { lockOptionsFrom } from './lock-options.js';

/**
 * linklock's fair mode (`fair: true`): the same lock, its waiters queued by tickets in their
 * claim names (docs/protocol.md, "Fair waiting"). The queue only delays link attempts, so the
 * same checkers prove it; the simulated mounts have no directory watch, so every waiter in the
 * queue polls.
 */
export const linklockFair: LockAlgorithm = {
  ...linklock,
  name: 'linklock-fair',
  description: `${linklock.description}; fair: true (waiters served in the order they asked)`,
  create(context) {
    return asLockInstance(new Lock(context.lockfile, { ...lockOptionsFrom(context), fair: true }));
  },
};
