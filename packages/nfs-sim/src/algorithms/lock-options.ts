import type { LockOptions } from '@linklock/core';
import type { AlgorithmContext } from './algorithm.js';

/** The options of a linklock lock (`Lock`, `ReadWriteLock`) made from what the simulation hands an algorithm. */
export function lockOptionsFrom(context: AlgorithmContext): LockOptions {
  return {
    fs: context.fs,
    clock: context.clock,
    random: context.random,
    identity: context.identity,
    logger: context.logger,
    lifetime: context.lifetimeMs,
    clockSlop: context.clockSlopMs,
    fencing: context.fencing ?? false,
    onCompromised: (error) => context.onCompromised(error.message),
  };
}
