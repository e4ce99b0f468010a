/**
 * GNU Mailman 2.1 `Mailman/LockFile.py`, ported rule for rule so the simulator can find its
 * bugs. Not to be improved: each known bug below is kept on purpose.
 *
 * Rules ported:
 * - claim file `<lockfile>.<hostname>.<pid>.<random>` holding its own name (`__write`, not
 *   exclusive), then `__touch`: its mtime := now + lifetime (the lock's expiry);
 * - loop: `link(claim, lockfile)`; success ⇒ held (touched once more). ENOENT ⇒ "try again
 *   next time". Any other error but EEXIST ⇒ logged, claim unlinked, raised. On EEXIST:
 *   `__linkcount()` (stat nlink, -1 when the lock file is gone) != 2 ⇒ error
 *   `unexpected linkcount: N` (a second stat supplies N); else content == claim ⇒ we already
 *   hold it (Mailman raises AlreadyLockedError; the simulator compares safety, so: held);
 * - then the timeout (before the expiry: H9; on timeout the claim is unlinked);
 * - then `now > __releasetime() + CLOCK_SLOP` (`__releasetime()` = `stat()[ST_MTIME]`, whole
 *   seconds, -1 when gone) ⇒ `__break()` and an error `lifetime has expired, breaking`;
 * - sleep uniformly 0.01–2.01 s (`random() * 2.0 + 0.01`) and loop;
 * - `unlock()`: `locked()` (touch own claim; EPERM ⇒ false; nlink == 2 and content == claim),
 *   else NotLockedError (ENOTLOCKED) with the claim file left behind; unlink lock file, then claim.
 * No automatic refresh (Mailman's `refresh()` is manual) and no fencing token.
 *
 * Known bugs kept:
 * - H1, the seed race (SourceForge patch 1045656, never applied): the lock file vanishes after
 *   EEXIST ⇒ two error lines and a break of a lock that is not there; if a third process links
 *   a fresh lock before that break, the break removes a live lock and two processes hold it;
 * - H2: breakers are not serialised and do not re-validate before unlinking;
 * - H4: ownership by nlink; H6/H17: expiry by (cacheable) mtime in the client's clock;
 * - H7: a holder that outlives its lifetime is broken silently; H9: timeout 0 never breaks;
 * - H10: whatever sits at the lock path is broken once its mtime is old;
 * - H11: a NotLockedError at unlock leaves the claim file behind.
 */
import { hasCode, NotLockedError } from '@linklock/core';
import type { AlgorithmContext, LockAlgorithm, LockInstance } from './algorithm.js';
import { AcquireDeadline } from './deadline.js';
import type { ClaimDialect } from './legacy-claim.js';
import { LegacyClaim } from './legacy-claim.js';

const MAILMAN_DIALECT: ClaimDialect = {
  separator: '.',
  vanishedCodes: ['ENOENT'],
  touchWholeSeconds: false,
  releaseWholeSeconds: true,
};

class Mailman21Lock implements LockInstance {
  readonly token = undefined;
  readonly #ctx: AlgorithmContext;
  readonly #files: LegacyClaim;

  constructor(ctx: AlgorithmContext) {
    this.#ctx = ctx;
    this.#files = new LegacyClaim(ctx, MAILMAN_DIALECT);
  }

  async acquire(timeoutMs: number | null): Promise<boolean> {
    const { fs, clock, logger, lockfile, clockSlopMs } = this.#ctx;
    const files = this.#files;
    const deadline = new AcquireDeadline(clock, timeoutMs);
    await files.write();
    await files.touch();
    logger.debug('laying claim', { lockfile });
    for (let loopcount = 0; ; loopcount += 1) {
      try {
        await fs.link(files.claim, lockfile);
        logger.debug('got the lock', { lockfile });
        await files.touch();
        return true;
      } catch (error) {
        if (await this.#heldAfterLinkError(error)) return true;
      }
      if (deadline.passed()) {
        await fs.unlink(files.claim);
        logger.debug('timed out', { lockfile });
        return false;
      }
      if (clock.now() > (await files.releasetime()) + clockSlopMs) {
        await files.breakLock();
        logger.error('lifetime has expired, breaking', { lockfile });
      } else if (loopcount % 100 === 0) {
        logger.debug('waiting for claim', { lockfile });
      }
      await files.sleep();
    }
  }

  /** The `except OSError` branch of the link: true when the lock turns out to be ours already. */
  async #heldAfterLinkError(error: unknown): Promise<boolean> {
    const { fs, logger, lockfile } = this.#ctx;
    const files = this.#files;
    if (files.vanished(error)) return false; // "say we didn't acquire the lock, and try again"
    if (!hasCode(error, 'EEXIST')) {
      logger.error(`unexpected link error: ${String(error)}`, { lockfile });
      await fs.unlink(files.claim);
      throw error;
    }
    if ((await files.linkcount()) !== 2) {
      logger.error(`unexpected linkcount: ${await files.linkcount()}`, { lockfile });
      return false;
    }
    if ((await files.read()) === files.claim) {
      logger.debug('already locked', { lockfile });
      return true;
    }
    return false; // someone else has the lock
  }

  async release(): Promise<void> {
    const { logger, lockfile } = this.#ctx;
    if (!(await this.#locked())) {
      throw new NotLockedError(lockfile, `not locked: ${this.#files.claim}`);
    }
    await this.#files.unlinkIfPresent(lockfile);
    await this.#files.unlinkIfPresent(this.#files.claim);
    logger.debug('unlocked', { lockfile });
  }

  /** `locked()`: touches the claim ("discourage breaking the lock"), then nlink and content. */
  async #locked(): Promise<boolean> {
    try {
      await this.#files.touch();
    } catch (error) {
      if (hasCode(error, 'EPERM')) return false;
      throw error;
    }
    if ((await this.#files.linkcount()) !== 2) return false;
    return (await this.#files.read()) === this.#files.claim;
  }
}

export const mailman21: LockAlgorithm = {
  name: 'mailman21',
  description:
    'GNU Mailman 2.1 LockFile.py: link(2) a claim file, nlink == 2 ownership, mtime expiry; no -1 guard (the seed race)',
  create: (context) => new Mailman21Lock(context),
};
