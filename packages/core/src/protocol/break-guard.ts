import { hasCode } from '../errors/fs-error.js';
import { ForeignLockFileError } from '../errors/lock-errors.js';
import type { Claim } from './claim.js';
import type { LockContext } from './context.js';
import { inspect } from './inspect.js';
import { judge } from './judge.js';
import { removeVerified } from './remove-verified.js';
import { unlinkIfPresent } from './unlink.js';

/**
 * The break guard (`<lock>.break`) serialises breakers, so two waiters that judged one lock
 * expired do not both break it (H2). It carries the breaker's owner record and expires like a
 * lock: a breaker that dies under it delays the others by at most a
 * lifetime + slop (at once when it provably died on this host).
 */
export class BreakGuard {
  readonly #context: LockContext;
  readonly #claim: Claim;
  constructor(context: LockContext, claim: Claim) {
    this.#context = context;
    this.#claim = claim;
  }

  /** Takes the guard; `false` when another live breaker holds it. */
  async take(): Promise<boolean> {
    if (await this.#create()) return true;
    const current = await inspect(this.#context, this.#context.names.guard);
    if (current.kind === 'absent') return this.#create();
    if (current.kind === 'foreign') {
      throw new ForeignLockFileError(
        this.#context.names.lockfile,
        `The break guard ${this.#context.names.guard} is ${current.reason}, not written by linklock; remove it by hand`,
        { cause: current.cause },
      );
    }
    // Our own nonce: an earlier link of ours whose reply was lost, or a release that failed.
    if (current.record.nonce === this.#claim.nonce) return true;
    if (judge(this.#context, current.record).kind === 'live') return false;
    this.#context.logger.info('linklock: removing a stale break guard', {
      path: this.#context.names.guard,
    });
    const outcome = await removeVerified(
      this.#context,
      this.#context.names.guard,
      this.#claim.nextTombstone(),
      current.record.nonce,
    );
    return outcome === 'removed' || outcome === 'absent' ? this.#create() : false;
  }

  /** Releases the guard if it is still ours (a slow breaker's guard may have been broken). */
  async release(): Promise<void> {
    const current = await inspect(this.#context, this.#context.names.guard);
    if (current.kind === 'record' && current.record.nonce === this.#claim.nonce) {
      await unlinkIfPresent(this.#context, this.#context.names.guard);
    }
  }

  /**
   * The guard is a third name of our claim file, made by `link`, so it appears complete and
   * atomically: a file created and then written could be read half-written by another breaker.
   */
  async #create(): Promise<boolean> {
    try {
      await this.#context.fs.link(this.#claim.path, this.#context.names.guard);
      return true;
    } catch (error) {
      // EPERM: sshfs's answer for an existing name it has not looked up yet (H18).
      if (hasCode(error, 'EEXIST', 'EPERM')) return false;
      throw error;
    }
  }
}
