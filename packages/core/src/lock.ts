import { AlreadyLockedError, LockCompromisedError, NotLockedError } from './errors/lock-errors.js';
import type { LockDetails, LockHandle, LockState, WaitOptions } from './lock-types.js';
import {
  checkLifetime,
  checkLockfile,
  checkSignal,
  checkTimeout,
  type LockOptions,
  resolveOptions,
} from './options.js';
import { acquire } from './protocol/acquirer.js';
import { AutoRefresher } from './protocol/auto-refresher.js';
import { calibrateWithProbe } from './protocol/calibration.js';
import type { Claim } from './protocol/claim.js';
import type { LockContext } from './protocol/context.js';
import { nextFencingToken } from './protocol/fence.js';
import { foreignLockFile, type Inspection, inspect } from './protocol/inspect.js';
import { judge } from './protocol/judge.js';
import { LockNames } from './protocol/lock-names.js';
import type { OwnerRecord } from './protocol/owner-record.js';
import { removeVerified } from './protocol/remove-verified.js';
import { TimeKeeper } from './protocol/time-keeper.js';

const asyncDispose: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose');

interface Held {
  claim: Claim;
  token: number | undefined;
  lifetime: number;
  refresher: AutoRefresher | undefined;
  tombstones: number;
}

/**
 * An NFS-safe lock file built on `link(2)`. See algorithm.md for the protocol and the hazards
 * (H1-H18) it handles. One `Lock` holds the lock at most once at a time; create one per
 * process (or per task) that contends.
 */
export class Lock {
  readonly lockfile: string;
  readonly #context: LockContext;
  #held: Held | undefined;
  #acquiring = false;
  /** A loss found by the auto-refresh, reported again by the next `unlock()`. */
  #lost: LockCompromisedError | undefined;
  #serial: Promise<unknown> = Promise.resolve();

  constructor(lockfile: string, options: LockOptions) {
    this.lockfile = checkLockfile(lockfile);
    const resolved = resolveOptions(options);
    const names = new LockNames(lockfile);
    this.#context = {
      options: resolved,
      names,
      time: new TimeKeeper(resolved.fs, resolved.clock, names.directory),
      fs: resolved.fs,
      logger: resolved.logger,
    };
  }

  /** Whether this `Lock` believes it holds the lock (no I/O). */
  get held(): boolean {
    return this.#held !== undefined;
  }

  /** The fencing token of the current acquisition (`fencing: true`), else undefined. */
  get fencingToken(): number | undefined {
    return this.#held?.token;
  }

  /** Waits for the lock. No timeout waits forever. */
  async lock(options: WaitOptions = {}): Promise<void> {
    const timeoutMs = checkTimeout(options.timeout);
    const signal = checkSignal(options.signal);
    await this.#acquire({ timeoutMs, signal, once: false });
  }

  /** One attempt (breaking an expired or dead holder's lock first, H9); never waits. */
  async tryLock(): Promise<boolean> {
    return this.#acquire({ timeoutMs: 0, signal: undefined, once: true });
  }

  /** `lock()`, returning a handle that releases the lock when disposed. */
  async acquire(options: WaitOptions = {}): Promise<LockHandle> {
    await this.lock(options);
    const release = () => this.unlock();
    return { lock: this, fencingToken: this.fencingToken, release, [asyncDispose]: release };
  }

  /**
   * Releases the lock. Rejects with `NotLockedError` when this `Lock` does not hold it, and with
   * `LockCompromisedError` when it was found lost; `unconditionally` silences both. Never removes
   * another owner's lock file.
   */
  async unlock(options: { unconditionally?: boolean } = {}): Promise<void> {
    const held = this.#held;
    await held?.refresher?.stop();
    await this.#exclusive(async () => {
      const lost = this.#takeLoss();
      if (held === undefined || this.#held !== held) {
        if (options.unconditionally) return;
        throw (
          lost ?? new NotLockedError(this.lockfile, `${this.lockfile} is not held by this Lock`)
        );
      }
      this.#held = undefined;
      const released = await this.#release(held);
      if (!released && !options.unconditionally) {
        throw new LockCompromisedError(
          this.lockfile,
          `${this.lockfile} was no longer ours at unlock: it had been broken or replaced`,
        );
      }
    });
  }

  /** Moves the expiry forward (by `lifetime`, default the lock's). */
  async refresh(options: { lifetime?: number } = {}): Promise<void> {
    const lifetime =
      options.lifetime === undefined ? undefined : checkLifetime(options.lifetime, 'lifetime');
    await this.#exclusive(() => this.#refresh(lifetime));
  }

  /** Whether this `Lock` holds the lock now, inside its lifetime, per the lock file. No side effect. */
  async isLocked(): Promise<boolean> {
    return (await this.state()) === 'ours';
  }

  async state(): Promise<LockState> {
    const found = await inspect(this.#context, this.lockfile);
    if (found.kind === 'absent') return 'unlocked';
    if (found.kind === 'foreign') return 'unknown';
    const { record } = found;
    await this.#calibrateFor(record);
    if (this.#held !== undefined && record.nonce === this.#held.claim.nonce) {
      return this.#context.time.now(record.timeSource) > record.expiresAt ? 'ours-expired' : 'ours';
    }
    const verdict = judge(this.#context, record);
    if (verdict.kind === 'dead') return 'stale';
    return verdict.kind === 'expired' ? 'theirs-expired' : 'theirs';
  }

  /** Who holds the lock, from the lock file; null when unlocked. */
  async details(): Promise<LockDetails | null> {
    const found = await inspect(this.#context, this.lockfile);
    if (found.kind === 'absent') return null;
    if (found.kind === 'foreign') throw foreignLockFile(this.lockfile, found);
    const { record } = found;
    await this.#calibrateFor(record);
    const details: LockDetails = {
      hostname: record.hostname,
      pid: record.pid,
      claimfile: this.#context.names.inDirectory(record.claim),
      expiresAt: this.#context.time.toLocal(record.expiresAt, record.timeSource),
    };
    if (record.token > 0) details.token = record.token;
    if (record.bootId !== undefined) details.bootId = record.bootId;
    return details;
  }

  async #acquire(request: {
    timeoutMs: number;
    signal: AbortSignal | undefined;
    once: boolean;
  }): Promise<boolean> {
    if (this.#held !== undefined || this.#acquiring) {
      throw new AlreadyLockedError(
        this.lockfile,
        `This Lock already holds or is acquiring ${this.lockfile}`,
      );
    }
    this.#acquiring = true;
    try {
      const claim = await acquire(this.#context, request);
      if (claim === undefined) return false;
      await this.#takeOver(claim);
      return true;
    } finally {
      this.#acquiring = false;
    }
  }

  /** The lock is ours: assign a fencing token if asked, then start refreshing. */
  async #takeOver(claim: Claim): Promise<void> {
    const { options } = this.#context;
    const held: Held = {
      claim,
      token: undefined,
      lifetime: options.lifetime,
      refresher: undefined,
      tombstones: 0,
    };
    if (options.fencing) await this.#fence(held);
    this.#lost = undefined;
    this.#held = held;
    if (options.autoRefresh) this.#startRefresher(held);
  }

  async #fence(held: Held): Promise<void> {
    const leaseStart = held.claim.stampedAtLocalMs;
    try {
      const token = await nextFencingToken(this.#context, held.claim);
      await held.claim.renew(held.lifetime, token);
      const lapsed = this.#context.time.localNow() - leaseStart >= held.lifetime;
      if (lapsed || !(await this.#stillOurs(held))) {
        throw new LockCompromisedError(
          this.lockfile,
          `${this.lockfile} was lost while assigning fencing token ${token}`,
        );
      }
      held.token = token;
    } catch (error) {
      await this.#release(held).catch(() => undefined);
      throw error;
    }
  }

  #startRefresher(held: Held): void {
    const refresher = new AutoRefresher(
      this.#context,
      () => this.#exclusive(() => this.#refresh(undefined)),
      (error) => this.#onRefreshFailure(held, error),
    );
    held.refresher = refresher;
    refresher.start(() => held.lifetime / 3);
  }

  /** Decides what a failed auto-refresh means; resolves whether to keep refreshing. */
  async #onRefreshFailure(held: Held, error: unknown): Promise<boolean> {
    if (error instanceof LockCompromisedError) {
      this.#report(error);
      return false;
    }
    if (this.#held !== held) return false;
    const elapsed = this.#context.time.localNow() - held.claim.stampedAtLocalMs;
    if (elapsed < held.lifetime) {
      this.#context.logger.warn('linklock: refreshing the lock failed; retrying', {
        path: this.lockfile,
        error,
      });
      return true;
    }
    const loss = new LockCompromisedError(
      this.lockfile,
      `${this.lockfile} expired: it could not be refreshed for ${elapsed} ms`,
      { cause: error },
    );
    await this.#exclusive(() => this.#lose(held, loss));
    this.#report(loss);
    return false;
  }

  async #refresh(lifetime: number | undefined): Promise<void> {
    const held = this.#held;
    if (held === undefined) {
      throw (
        this.#lost ?? new NotLockedError(this.lockfile, `${this.lockfile} is not held by this Lock`)
      );
    }
    if (lifetime !== undefined) held.lifetime = lifetime;
    if (this.#needsCalibration()) await calibrateWithProbe(this.#context);
    try {
      await held.claim.renew(held.lifetime);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      throw await this.#lose(
        held,
        new LockCompromisedError(
          this.lockfile,
          `The claim file of ${this.lockfile} is gone: the lock was broken`,
          { cause: error },
        ),
      );
    }
    if (!(await this.#stillOurs(held))) {
      throw await this.#lose(
        held,
        new LockCompromisedError(
          this.lockfile,
          `${this.lockfile} was broken or replaced by another owner`,
        ),
      );
    }
  }

  /** Forgets a lost lock and cleans up what is ours; returns the error for the caller to throw. */
  async #lose(held: Held, loss: LockCompromisedError): Promise<LockCompromisedError> {
    if (this.#held === held) this.#held = undefined;
    this.#lost = loss;
    held.refresher?.stop().catch(() => undefined);
    await this.#release(held).catch((error: unknown) => {
      this.#context.logger.warn('linklock: cleaning up a lost lock failed', {
        path: this.lockfile,
        error,
      });
    });
    return loss;
  }

  /**
   * Removes our lock file and claim. Inside the lifetime nobody else may touch the lock file,
   * so a verified plain unlink is safe; near or past the expiry it is removed the way a breaker
   * does (rename aside, verify, put back), so another owner's lock is never removed (H8).
   * Resolves whether the lock file was still ours.
   */
  async #release(held: Held): Promise<boolean> {
    const { time, fs, names, options } = this.#context;
    try {
      const safe = time.localNow() - held.claim.stampedAtLocalMs < held.lifetime;
      if (safe) {
        if (!(await this.#stillOurs(held))) return false;
        await fs.unlink(this.lockfile).catch(ignoreNotFound);
        return true;
      }
      held.tombstones += 1;
      const tombstone = names.tombstone(
        options.identity.hostname,
        options.identity.pid,
        `${held.claim.nonce}-u${held.tombstones}`,
      );
      return (
        (await removeVerified(this.#context, this.lockfile, tombstone, held.claim.nonce)) ===
        'removed'
      );
    } finally {
      await held.claim.remove();
    }
  }

  async #stillOurs(held: Held): Promise<boolean> {
    const found: Inspection = await inspect(this.#context, this.lockfile);
    return found.kind === 'record' && found.record.nonce === held.claim.nonce;
  }

  #report(loss: LockCompromisedError): void {
    const { onCompromised, logger } = this.#context.options;
    if (onCompromised === undefined) {
      logger.error(`linklock: ${loss.message}`, { path: this.lockfile, code: loss.code });
      return;
    }
    try {
      onCompromised(loss);
    } catch (error) {
      logger.error('linklock: the onCompromised callback threw', { path: this.lockfile, error });
    }
  }

  #takeLoss(): LockCompromisedError | undefined {
    const lost = this.#lost;
    this.#lost = undefined;
    return lost;
  }

  #needsCalibration(): boolean {
    return (
      this.#context.options.timeSource === 'filesystem' && this.#context.time.needsCalibration()
    );
  }

  /** Makes sure "now" can be read on the clock `record` uses. */
  async #calibrateFor(record: OwnerRecord): Promise<void> {
    if (record.timeSource === 'filesystem' && this.#context.time.needsCalibration()) {
      await calibrateWithProbe(this.#context);
    }
  }

  /** Runs refreshes, releases and calibrations of this Lock one at a time. */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#serial.then(task, task);
    this.#serial = run.catch(() => undefined);
    return run;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown })?.code === 'ENOENT';
}

function ignoreNotFound(error: unknown): void {
  if (!isNotFound(error)) throw error;
}
