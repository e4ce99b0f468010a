import { hasCode } from '@linklock/core';
import type { AlgorithmContext } from './algorithm.js';

/**
 * The claim-file primitives GNU Mailman 2.1's `LockFile.py` and flufl.lock share, ported one
 * to one (`__write`, `__touch`, `__read`, `__linkcount`, `__releasetime`, `__break`,
 * `__sleep`; flufl spells them with one underscore). The lock loops that use them, where the two
 * anchors differ, live in `mailman21.ts` and `flufl.ts`.
 *
 * Kept as published, bugs included: `linkcount()` and `releasetime()` answer -1 for a vanished
 * lock file (what the caller makes of it is the seed race); `breakLock()` touches, reads and
 * unlinks with no re-validation and no serialisation between breakers (H2); nothing is bounded
 * but the read, which the port must bound to call `FsAdapter.read`.
 */

/** What the two anchors do differently at this level. */
export interface ClaimDialect {
  /** Between lock file, hostname, pid and random part: `.` in Mailman 2.1, `|` in flufl.lock. */
  separator: string;
  /** Codes that mean "that file is gone": ENOENT in Mailman; ENOENT and ESTALE in flufl (LP: #977999). */
  vanishedCodes: readonly string[];
  /** flufl writes its expiry through `time.mktime(timetuple())`: cut to whole seconds. */
  touchWholeSeconds: boolean;
  /** Mailman reads the release time as `os.stat()[ST_MTIME]`: whole seconds. */
  releaseWholeSeconds: boolean;
}

/** Python reads the lock file whole; `FsAdapter.read` wants a bound, far above any claim name. */
const READ_LIMIT_BYTES = 1 << 20;
/** `random.random() * 2.0 + 0.01` seconds, in both anchors. */
const SLEEP_MIN_MS = 10;
const SLEEP_SPREAD_MS = 2000;

export class LegacyClaim {
  /** The claim file's path, which is also its content: `<lockfile><sep>host<sep>pid<sep>random`. */
  readonly claim: string;
  readonly #ctx: AlgorithmContext;
  readonly #dialect: ClaimDialect;

  constructor(ctx: AlgorithmContext, dialect: ClaimDialect) {
    this.#ctx = ctx;
    this.#dialect = dialect;
    const { hostname, pid } = ctx.identity;
    this.claim = [ctx.lockfile, hostname, String(pid), ctx.random.nonce()].join(dialect.separator);
  }

  /** Whether `error` says the file is gone, in this dialect. */
  vanished(error: unknown): boolean {
    return hasCode(error, ...this.#dialect.vanishedCodes);
  }

  /** `__write`: (re)writes the claim file with its own name, not exclusively. */
  async write(): Promise<void> {
    await this.#ctx.fs.writeFile(this.claim, this.claim);
  }

  /** `__touch`: sets the mtime of `path` (default: the claim) to now + lifetime; ignores a vanished file. */
  async touch(path: string = this.claim): Promise<void> {
    let expiresAtMs = this.#ctx.clock.now() + this.#ctx.lifetimeMs;
    if (this.#dialect.touchWholeSeconds) expiresAtMs = Math.floor(expiresAtMs / 1000) * 1000;
    try {
      await this.#ctx.fs.utimes(path, expiresAtMs);
    } catch (error) {
      if (!this.vanished(error)) throw error;
    }
  }

  /** `__read`: the lock file's content, or null when it is gone. */
  async read(): Promise<string | null> {
    try {
      return (await this.#ctx.fs.read(this.#ctx.lockfile, { maxBytes: READ_LIMIT_BYTES })).data;
    } catch (error) {
      if (!this.vanished(error)) throw error;
      return null;
    }
  }

  /** `__linkcount`: the lock file's nlink, or -1 when it is gone. */
  async linkcount(): Promise<number> {
    try {
      return (await this.#ctx.fs.stat(this.#ctx.lockfile)).nlink;
    } catch (error) {
      if (!this.vanished(error)) throw error;
      return -1;
    }
  }

  /** `__releasetime`: the lock file's mtime (the holder's expiry), or -1 when it is gone. */
  async releasetime(): Promise<number> {
    try {
      const { mtimeMs } = await this.#ctx.fs.stat(this.#ctx.lockfile);
      return this.#dialect.releaseWholeSeconds ? Math.floor(mtimeMs / 1000) * 1000 : mtimeMs;
    } catch (error) {
      if (!this.vanished(error)) throw error;
      return -1;
    }
  }

  /** `os.unlink` wrapped in the anchors' `except OSError: if errno not gone: raise`. */
  async unlinkIfPresent(path: string): Promise<void> {
    try {
      await this.#ctx.fs.unlink(path);
    } catch (error) {
      if (!this.vanished(error)) throw error;
    }
  }

  /**
   * `__break`: touch the lock file ("reduces but does not eliminate the chance for a race"),
   * read the winner's claim name, unlink the lock file, unlink the winner's claim. Nothing
   * checks that the lock file is still the one judged expired.
   */
  async breakLock(): Promise<void> {
    try {
      await this.touch(this.#ctx.lockfile);
    } catch (error) {
      if (!hasCode(error, 'EPERM')) throw error;
    }
    const winner = await this.read();
    await this.unlinkIfPresent(this.#ctx.lockfile);
    if (winner) await this.unlinkIfPresent(winner);
  }

  /** `__sleep`: uniformly 0.01–2.01 s. */
  async sleep(): Promise<void> {
    await this.#ctx.clock.sleep(SLEEP_MIN_MS + this.#ctx.random.next() * SLEEP_SPREAD_MS);
  }
}
