/**
 * flufl.lock (`flufl/lock/_lockfile.py`), Mailman 2.1's successor, ported rule for rule so the
 * simulator can find its bugs. Not to be improved: each known bug below is kept on purpose.
 *
 * Rules ported (where they differ from Mailman 2.1, marked ≠):
 * - claim file `<lockfile>|<hostname>|<pid>|<random>` (≠ `|` separator) holding its own name,
 *   then `_touch`: its mtime := now + lifetime, cut to whole seconds (≠ `time.mktime`);
 * - ENOENT and ESTALE both mean "gone" everywhere (≠ LP: #977999);
 * - loop: `link(claim, lockfile)`; success ⇒ held (touched once more). Gone ⇒ try again next
 *   time. Any other error but EEXIST ⇒ logged, claim unlinked, raised. On EEXIST: `_linkcount`
 *   != 2 ⇒ error `unexpected linkcount: N` (a second stat supplies N); else content == claim ⇒
 *   flufl raises AlreadyLockedError although it holds the lock (H3); the simulator compares
 *   safety, not API, so here: held;
 * - then the timeout (before the expiry: H9; on timeout the claim is unlinked and an error
 *   `timed out` logged ≠);
 * - then `release_time = _releasetime` (stat mtime, -1 when gone) and only if
 *   `release_time != -1 and now > release_time + CLOCK_SLOP` (≠ the -1 guard) ⇒ `_break()`
 *   and an error `lifetime has expired, breaking`;
 * - sleep uniformly 0.01–2.01 s (`random() * 2.0 + 0.01`) and loop;
 * - `unlock()`: `is_locked` (touch own claim; PermissionError ⇒ error line and false; nlink == 2
 *   and content == claim), else NotLockedError (ENOTLOCKED) with the claim file left behind;
 *   unlink lock file, then claim.
 * No automatic refresh (flufl's `refresh()` is manual) and no fencing token.
 *
 * Known bugs kept:
 * - H1: a lock file vanishing after EEXIST still logs `unexpected linkcount: -1` at error
 *   level and sleeps before retrying (it no longer breaks on -1);
 * - H2: `_break()` is not serialised and does not re-validate: two waiters that judged one
 *   expired lock both break, and the second removes the first's fresh, live lock (two holders);
 * - H4: ownership by nlink: where nlink is not 2 (sshfs, FUSE caches) `is_locked` is false and
 *   `unlock` raises, leaving the lock file; H6/H17: expiry by (cacheable) mtime, client's clock;
 * - H7: a holder that outlives its lifetime is broken silently; H9: timeout 0 never breaks;
 * - H11: a NotLockedError at unlock leaves the claim file behind.
 */
import { hasCode, NotLockedError } from '@linklock/core';
import type { AlgorithmContext, LockAlgorithm, LockInstance } from './algorithm.js';
import { AcquireDeadline } from './deadline.js';
import type { ClaimDialect } from './legacy-claim.js';
import { LegacyClaim } from './legacy-claim.js';

const FLUFL_DIALECT: ClaimDialect = {
  separator: '|',
  vanishedCodes: ['ENOENT', 'ESTALE'],
  touchWholeSeconds: true,
  releaseWholeSeconds: false,
};

class FluflLock implements LockInstance {
  readonly token = undefined;
  readonly #ctx: AlgorithmContext;
  readonly #files: LegacyClaim;

  constructor(ctx: AlgorithmContext) {
    this.#ctx = ctx;
    this.#files = new LegacyClaim(ctx, FLUFL_DIALECT);
  }

  async acquire(timeoutMs: number | null): Promise<boolean> {
    const { fs, clock, logger, lockfile, clockSlopMs } = this.#ctx;
    const files = this.#files;
    const deadline = new AcquireDeadline(clock, timeoutMs);
    await files.write();
    await files.touch();
    logger.debug(`laying claim: ${lockfile}`);
    for (let loopcount = 0; ; loopcount += 1) {
      try {
        await fs.link(files.claim, lockfile);
        logger.debug(`got the lock: ${lockfile}`);
        await files.touch();
        return true;
      } catch (error) {
        if (await this.#heldAfterLinkError(error)) return true;
      }
      if (deadline.passed()) {
        await fs.unlink(files.claim);
        logger.error('timed out');
        return false;
      }
      // "Cache the release time to avoid race conditions. (LP: #827052)"
      const releaseTime = await files.releasetime();
      if (releaseTime !== -1 && clock.now() > releaseTime + clockSlopMs) {
        await files.breakLock();
        logger.error('lifetime has expired, breaking');
      } else if (loopcount % 100 === 0) {
        logger.debug(`waiting for claim: ${lockfile}`);
      }
      await files.sleep();
    }
  }

  /** The `except OSError` branch of the link: true when the lock turns out to be ours already. */
  async #heldAfterLinkError(error: unknown): Promise<boolean> {
    const { fs, logger, lockfile } = this.#ctx;
    const files = this.#files;
    if (files.vanished(error)) return false; // "say we didn't acquire the lock and try again"
    if (!hasCode(error, 'EEXIST')) {
      logger.error(`unexpected link: ${String(error)}`);
      await fs.unlink(files.claim);
      throw error;
    }
    if ((await files.linkcount()) !== 2) {
      logger.error(`unexpected linkcount: ${await files.linkcount()}`);
      return false;
    }
    if ((await files.read()) === files.claim) {
      logger.debug(`already locked: ${lockfile}`); // flufl: raise AlreadyLockedError
      return true;
    }
    return false; // someone else has the lock
  }

  async release(): Promise<void> {
    const { logger, lockfile } = this.#ctx;
    if (!(await this.#isLocked())) throw new NotLockedError(lockfile, 'Already unlocked');
    await this.#files.unlinkIfPresent(lockfile);
    await this.#files.unlinkIfPresent(this.#files.claim);
    logger.debug(`unlocked: ${lockfile}`);
  }

  /** `is_locked`: touches the claim ("discourage breaking the lock"), then nlink and content. */
  async #isLocked(): Promise<boolean> {
    try {
      await this.#files.touch();
    } catch (error) {
      if (!hasCode(error, 'EPERM', 'EACCES')) throw error; // PermissionError
      this.#ctx.logger.error('No permission to refresh the log');
      return false;
    }
    if ((await this.#files.linkcount()) !== 2) return false;
    return (await this.#files.read()) === this.#files.claim;
  }
}

export const flufl: LockAlgorithm = {
  name: 'flufl',
  description:
    'flufl.lock (Mailman 2.1 successor): link(2) a claim file, nlink == 2 ownership, mtime expiry, -1 guard, unserialised break',
  create: (context) => new FluflLock(context),
};
