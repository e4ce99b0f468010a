/**
 * The `O_EXCL` lock file many scripts use (`set -o noclobber`, `open(O_CREAT|O_EXCL)`), as a
 * reference for the simulator: no claim file, no ownership, no refresh.
 *
 * Rules ported:
 * - acquire: create the lock file exclusively with `<hostname> <pid>`; success ⇒ held;
 * - on EEXIST: stat the lock file; gone ⇒ try again at once; if now > mtime + lifetime (the
 *   mtime the server stamped at creation, compared with this client's clock) ⇒ unlink it, no
 *   questions asked, and try again at once; otherwise, past the timeout ⇒ give up, else sleep
 *   10–100 ms and try again;
 * - release: unlink the lock file (gone ⇒ nothing to do); no ownership check at all.
 *
 * Known bugs kept:
 * - `O_EXCL` is only atomic on NFSv3+ servers (the reason the link(2) anchors exist);
 * - H2/H8: the expiry check and the unlink are separate steps, so a waiter removes whatever
 *   lock file is there by then, including a fresh one another waiter just created;
 * - H7: no refresh: a holder slower than the lifetime loses the lock silently while a second
 *   process takes it, and its release then deletes the second process's lock file (H8);
 * - H6/H17: expiry from the server-stamped (cacheable) mtime against the client's clock;
 * - H10: any file at the lock path is removed once its mtime is old.
 */
import { hasCode } from '@linklock/core';
import type { AlgorithmContext, LockAlgorithm, LockInstance } from './algorithm.js';
import { AcquireDeadline } from './deadline.js';

const SLEEP_MIN_MS = 10;
const SLEEP_SPREAD_MS = 90;

class NaiveExclLock implements LockInstance {
  readonly token = undefined;
  readonly #ctx: AlgorithmContext;

  constructor(ctx: AlgorithmContext) {
    this.#ctx = ctx;
  }

  async acquire(timeoutMs: number | null): Promise<boolean> {
    const { fs, clock, random, logger, identity, lockfile, lifetimeMs } = this.#ctx;
    const deadline = new AcquireDeadline(clock, timeoutMs);
    for (;;) {
      try {
        await fs.writeFile(lockfile, `${identity.hostname} ${identity.pid}`, { exclusive: true });
        return true;
      } catch (error) {
        if (!hasCode(error, 'EEXIST')) throw error;
      }
      const mtimeMs = await this.#mtimeMs();
      if (mtimeMs === null) continue; // gone meanwhile: try again at once
      if (clock.now() > mtimeMs + lifetimeMs) {
        logger.debug('removing stale lock file', { lockfile, mtimeMs });
        await this.#unlinkIfPresent();
        continue;
      }
      if (deadline.passed()) return false;
      await clock.sleep(SLEEP_MIN_MS + random.next() * SLEEP_SPREAD_MS);
    }
  }

  async release(): Promise<void> {
    await this.#unlinkIfPresent();
  }

  async #mtimeMs(): Promise<number | null> {
    try {
      return (await this.#ctx.fs.stat(this.#ctx.lockfile)).mtimeMs;
    } catch (error) {
      if (!hasCode(error, 'ENOENT')) throw error;
      return null;
    }
  }

  /** `rm -f`: a lock file already gone is not an error. */
  async #unlinkIfPresent(): Promise<void> {
    try {
      await this.#ctx.fs.unlink(this.#ctx.lockfile);
    } catch (error) {
      if (!hasCode(error, 'ENOENT')) throw error;
    }
  }
}

export const naiveExcl: LockAlgorithm = {
  name: 'naive-excl',
  description:
    'The O_EXCL lock file of many scripts: exclusive create, unlink when older than the lifetime, unlink at release; no ownership',
  create: (context) => new NaiveExclLock(context),
};
