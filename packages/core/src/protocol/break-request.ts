import { Breaker } from './breaker.js';
import { calibrateIfStale } from './calibration.js';
import { Claim } from './claim.js';
import type { LockContext } from './context.js';
import { foreignLockFile, inspect } from './inspect.js';
import { judge } from './judge.js';

/**
 * What `Lock.break()` did:
 * - `broken`: the lock file was removed (and its holder's claim);
 * - `unlocked`: there was no lock to break;
 * - `live`: the holder is live and `force` was not given: nothing was changed;
 * - `guarded`: another process is breaking it right now: nothing was changed.
 */
export type BreakResult = 'broken' | 'unlocked' | 'live' | 'guarded';

/** How often a break looks again when the lock changes under it (a release, a new holder). */
const ATTEMPTS = 5;

/**
 * Breaks the lock held by someone else, the way a waiter does (the break guard, a verified
 * removal; H2): only when it is expired or its holder provably died, unless `force`. A
 * foreign file at the lock path is never removed (H10). The claim this needs for the guard is
 * removed on every path.
 */
export async function breakLock(context: LockContext, force: boolean): Promise<BreakResult> {
  const claim = await Claim.create(context, context.options.lifetime);
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const found = await inspect(context, context.names.lockfile);
      if (found.kind === 'absent') return 'unlocked';
      if (found.kind === 'foreign') throw foreignLockFile(context.names.lockfile, found);
      await calibrateIfStale(context, found.record.timeSource);
      if (!force && judge(context, found.record).kind === 'live') return 'live';
      const outcome = await new Breaker(context, claim).break(found.record, force);
      if (outcome !== 'changed') return outcome;
    }
    return 'live';
  } finally {
    await claim.remove();
  }
}
