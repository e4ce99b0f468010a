import { BreakGuard } from './break-guard.js';
import type { Claim } from './claim.js';
import type { LockContext } from './context.js';
import { inspect } from './inspect.js';
import { judge } from './judge.js';
import type { OwnerRecord } from './owner-record.js';
import { removeVerified } from './remove-verified.js';
import { sweepLeftovers } from './sweep.js';
import { removeLeftover } from './unlink.js';

/**
 * What a break attempt came to:
 * - `broken`: the lock we judged is gone; link again at once;
 * - `changed`: the lock file changed or vanished meanwhile; look again at once;
 * - `guarded`: another live breaker is at work; wait.
 */
export type BreakOutcome = 'broken' | 'changed' | 'guarded';

/**
 * Breaks the lock whose record a waiter judged expired or dead (H2, H12):
 * 1. take the break guard, so breakers are serialised;
 * 2. under it, re-read the lock file and stop unless it still carries the judged record and
 *    is still breakable (the holder may have refreshed or released meanwhile);
 * 3. remove it verified: rename aside, read, put back if it is not the judged one;
 * 4. remove the dead holder's claim file and sweep other leftovers of this lock (H11).
 */
export class Breaker {
  readonly #context: LockContext;
  readonly #claim: Claim;

  constructor(context: LockContext, claim: Claim) {
    this.#context = context;
    this.#claim = claim;
  }

  /**
   * @param force break `judged` even while it is live (an operator's decision: `linklock break
   *   --force`); it must still be the record at the lock path when the guard is held.
   */
  async break(judged: OwnerRecord, force = false): Promise<BreakOutcome> {
    const guard = new BreakGuard(this.#context, this.#claim);
    if (!(await guard.take())) return 'guarded';
    try {
      return await this.#breakUnderGuard(judged, force);
    } finally {
      await guard.release().catch((error: unknown) => {
        // It expires on its own; the outcome of the break matters more.
        this.#context.logger.warn('linklock: could not release the break guard', { error });
      });
    }
  }

  async #breakUnderGuard(judged: OwnerRecord, force: boolean): Promise<BreakOutcome> {
    const context = this.#context;
    const current = await inspect(context, context.names.lockfile);
    if (current.kind !== 'record' || current.record.nonce !== judged.nonce) return 'changed';
    if (!force && judge(context, current.record).kind === 'live') return 'changed';
    const outcome = await removeVerified(
      context,
      context.names.lockfile,
      this.#claim.nextTombstone(),
      judged.nonce,
    );
    if (outcome !== 'removed') return 'changed';
    const why = force ? 'by force' : 'whose holder expired or died';
    context.logger.info(`linklock: broke a lock ${why}`, {
      path: context.names.lockfile,
      holder: { hostname: judged.hostname, pid: judged.pid, expiresAt: judged.expiresAt },
    });
    await this.#removeClaimOf(judged);
    await sweepLeftovers(context, new Set([this.#claim.basename, judged.claim]));
    return 'broken';
  }

  /** The dead holder's claim file, named in its record (only if the name is one of this lock's). */
  async #removeClaimOf(record: OwnerRecord): Promise<void> {
    if (!this.#context.names.isLeftover(record.claim)) return;
    await removeLeftover(this.#context, this.#context.names.inDirectory(record.claim));
  }
}
