import type { LockOptions } from '@linklock/core';
import type { AlgorithmContext } from './algorithm.js';

/**
 * The options of a linklock lock (`Lock`, `ReadWriteLock`) made from what the simulation hands
 * an algorithm. The world's `clockSlopMs` is the anchors' slop; linklock keeps its own default,
 * which follows the time source (on the server's clock, its error in reading that clock), so
 * that the proofs prove the default users get. {@link lockOptionsWithClockSlop} gives one.
 */
export function lockOptionsFrom(context: AlgorithmContext): LockOptions {
  return {
    fs: context.fs,
    clock: context.clock,
    random: context.random,
    identity: context.identity,
    logger: context.logger,
    lifetime: context.lifetimeMs,
    fencing: context.fencing ?? false,
    onCompromised: (error) => context.onCompromised(error.message),
  };
}

/** {@link lockOptionsFrom} with an explicit `clockSlop` (used as given for both time sources). */
export function lockOptionsWithClockSlop(
  context: AlgorithmContext,
  clockSlopMs: number,
): LockOptions {
  return { ...lockOptionsFrom(context), clockSlop: clockSlopMs };
}
