import { inLockTerms } from './errors/acquire-failure.js';
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
import { type BreakResult, breakLock } from './protocol/break-request.js';
import { calibrateIfStale } from './protocol/calibration.js';
import type { LockContext } from './protocol/context.js';
import { Holding } from './protocol/holding.js';
import { foreignLockFile, inspect } from './protocol/inspect.js';
import { judge } from './protocol/judge.js';
import { LockNames } from './protocol/lock-names.js';
import type { OwnerRecord } from './protocol/owner-record.js';
import { TimeKeeper } from './protocol/time-keeper.js';

const asyncDispose: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose');

/**
 * An NFS-safe lock file built on `link(2)`. See docs/protocol.md for the protocol and docs/hazards.md for the hazards
 * (H1-H18) it handles. One `Lock` holds the lock at most once at a time; create one per
 * process (or per task) that contends.
 */
export class Lock {
  readonly lockfile: string;
  readonly #context: LockContext;
  #held: Holding | undefined;
  #refresher: AutoRefresher | undefined;
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
    await this.#refresher?.stop();
    await this.#exclusive(async () => {
      const lost = this.#takeLoss();
      if (held === undefined || this.#held !== held) {
        if (options.unconditionally) return;
        throw (
          lost ?? new NotLockedError(this.lockfile, `${this.lockfile} is not held by this Lock`)
        );
      }
      this.#held = undefined;
      this.#refresher = undefined;
      const released = await held.release();
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
    if (record.nonce === this.#held?.claim.nonce) {
      return this.#context.time.now(record.timeSource) > record.expiresAt ? 'ours-expired' : 'ours';
    }
    const verdict = judge(this.#context, record);
    if (verdict.kind === 'dead') return 'stale';
    return verdict.kind === 'expired' ? 'theirs-expired' : 'theirs';
  }

  /**
   * Breaks the lock when another holds it: only when it is expired or its holder provably
   * died, unless `force` (an operator's decision, for a holder known to be gone). Uses the same
   * guarded, verified removal as a waiter that breaks (H2); never removes a foreign file
   * (rejects with ForeignLockFileError). A lock held by this `Lock` is released with `unlock()`.
   */
  async break(options: { force?: boolean } = {}): Promise<BreakResult> {
    if (this.#held !== undefined || this.#acquiring) {
      throw new AlreadyLockedError(
        this.lockfile,
        `This Lock holds or is acquiring ${this.lockfile}: release it with unlock()`,
      );
    }
    return breakLock(this.#context, options?.force === true);
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
      await this.#takeOver(new Holding(this.#context, claim));
      return true;
    } catch (error) {
      throw inLockTerms(this.lockfile, this.#context.names.directory, error);
    } finally {
      this.#acquiring = false;
    }
  }

  /** The lock is ours: assign a fencing token if asked, then start refreshing. */
  async #takeOver(held: Holding): Promise<void> {
    if (this.#context.options.fencing) {
      try {
        await held.assignToken();
      } catch (error) {
        await held.discard().catch(() => undefined);
        throw error;
      }
    }
    this.#lost = undefined;
    this.#held = held;
    if (this.#context.options.autoRefresh) this.#startRefresher(held);
  }

  #startRefresher(held: Holding): void {
    const refresher = new AutoRefresher(
      this.#context,
      () => this.#exclusive(() => this.#refresh(undefined)),
      (error) => this.#onRefreshFailure(held, error),
    );
    this.#refresher = refresher;
    refresher.start(() => held.lifetime / 3);
  }

  /** Decides what a failed auto-refresh means; resolves whether to keep refreshing. */
  async #onRefreshFailure(held: Holding, error: unknown): Promise<boolean> {
    if (error instanceof LockCompromisedError) {
      this.#report(error);
      return false;
    }
    if (this.#held !== held) return false;
    const elapsed = held.leaseAgeMs();
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
    try {
      await held.refresh();
    } catch (error) {
      if (error instanceof LockCompromisedError) await this.#lose(held, error);
      throw error;
    }
  }

  /** Forgets a lost lock and cleans up what is ours (never another owner's lock file). */
  async #lose(held: Holding, loss: LockCompromisedError): Promise<void> {
    if (this.#held === held) {
      this.#held = undefined;
      this.#refresher?.stop().catch(() => undefined);
      this.#refresher = undefined;
    }
    this.#lost = loss;
    await held.discard().catch((error: unknown) => {
      this.#context.logger.warn('linklock: cleaning up a lost lock failed', {
        path: this.lockfile,
        error,
      });
    });
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

  /** Makes sure "now" can be read on the clock `record` uses. */
  async #calibrateFor(record: OwnerRecord): Promise<void> {
    await calibrateIfStale(this.#context, record.timeSource);
  }

  /** Runs refreshes and releases of this Lock one at a time. */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#serial.then(task, task);
    this.#serial = run.catch(() => undefined);
    return run;
  }
}
