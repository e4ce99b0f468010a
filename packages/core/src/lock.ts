import { inLockTerms } from './errors/acquire-failure.js';
import { AlreadyLockedError } from './errors/lock-errors.js';
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
import { type BreakResult, breakLock } from './protocol/break-request.js';
import { calibrateIfStale } from './protocol/calibration.js';
import { createLockContext, type LockContext } from './protocol/context.js';
import { holderDetails } from './protocol/holder-details.js';
import { Holding } from './protocol/holding.js';
import { foreignLockFile, inspect } from './protocol/inspect.js';
import { judge } from './protocol/judge.js';
import { LeaseKeeper } from './protocol/lease-keeper.js';
import type { OwnerRecord } from './protocol/owner-record.js';
import { QueuePace } from './protocol/queue-pace.js';

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
  readonly #keeper: LeaseKeeper<Holding>;
  #acquiring = false;
  /** How fast the fair queue moved for earlier calls (`fair: true`). */
  readonly #queuePace = new QueuePace();

  constructor(lockfile: string, options: LockOptions) {
    this.lockfile = checkLockfile(lockfile);
    this.#context = createLockContext(lockfile, resolveOptions(options));
    this.#keeper = new LeaseKeeper(this.#context, 'this Lock');
  }

  /** Whether this `Lock` believes it holds the lock (no I/O). */
  get held(): boolean {
    return this.#keeper.held !== undefined;
  }

  /** The fencing token of the current acquisition (`fencing: true`), else undefined. */
  get fencingToken(): number | undefined {
    return this.#keeper.held?.token;
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
    await this.#keeper.release(options);
  }

  /** Moves the expiry forward (by `lifetime`, default the lock's). */
  async refresh(options: { lifetime?: number } = {}): Promise<void> {
    const lifetime =
      options.lifetime === undefined ? undefined : checkLifetime(options.lifetime, 'lifetime');
    await this.#keeper.refresh(lifetime);
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
    if (record.nonce === this.#keeper.held?.claim.nonce) {
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
    if (this.#keeper.held !== undefined || this.#acquiring) {
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
    return holderDetails(this.#context, found.record);
  }

  async #acquire(request: {
    timeoutMs: number;
    signal: AbortSignal | undefined;
    once: boolean;
  }): Promise<boolean> {
    if (this.#keeper.held !== undefined || this.#acquiring) {
      throw new AlreadyLockedError(
        this.lockfile,
        `This Lock already holds or is acquiring ${this.lockfile}`,
      );
    }
    this.#acquiring = true;
    try {
      const claim = await acquire(this.#context, { ...request, queuePace: this.#queuePace });
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
    this.#keeper.keep(held);
  }

  /** Makes sure "now" can be read on the clock `record` uses. */
  async #calibrateFor(record: OwnerRecord): Promise<void> {
    await calibrateIfStale(this.#context, record.timeSource);
  }
}
