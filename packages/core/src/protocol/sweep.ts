import { hasCode } from '../errors/fs-error.js';
import type { LockContext } from './context.js';
import { isAbandonedEmptyClaim } from './empty-claim.js';
import { type Inspection, inspect } from './inspect.js';
import { judge } from './judge.js';
import { unlinkIfPresent } from './unlink.js';

/** A sweep looks at no more than this many leftovers, so it stays cheap in a cluttered directory. */
export const SWEEP_LIMIT = 32;

/**
 * Removes claim files and tombstones of this lock whose owner record expired or whose owner
 * provably died (H11), and claims left empty by a process that died before writing them: what
 * crashed waiters and breakers leave behind. Runs after a break,
 * under the break guard. A live waiter's claim is never expired: it renews its claim's expiry
 * before each link attempt.
 */
export async function sweepLeftovers(
  context: LockContext,
  keep: ReadonlySet<string>,
): Promise<number> {
  let entries: string[];
  try {
    entries = await context.fs.readdir(context.names.directory);
  } catch (error) {
    context.logger.debug('linklock: sweep could not list the directory', { error });
    return 0;
  }
  let removed = 0;
  const candidates = entries.filter((entry) => context.names.isLeftover(entry) && !keep.has(entry));
  for (const entry of candidates.slice(0, SWEEP_LIMIT)) {
    const path = context.names.inDirectory(entry);
    try {
      if (!(await isLeftBehind(context, path, await inspect(context, path)))) continue;
      await unlinkIfPresent(context, path);
      removed += 1;
    } catch (error) {
      if (!hasCode(error, 'ENOENT'))
        context.logger.debug('linklock: sweep skipped an entry', { path, error });
    }
  }
  if (removed > 0) context.logger.debug('linklock: swept leftover claim files', { removed });
  return removed;
}

async function isLeftBehind(
  context: LockContext,
  path: string,
  found: Inspection,
): Promise<boolean> {
  if (found.kind === 'record') return judge(context, found.record).kind !== 'live';
  return found.kind === 'foreign' && found.empty === true && isAbandonedEmptyClaim(context, path);
}
