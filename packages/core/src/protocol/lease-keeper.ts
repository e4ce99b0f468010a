import { LockCompromisedError, NotLockedError } from '../errors/lock-errors.js';
import { AutoRefresher } from './auto-refresher.js';
import type { LockContext } from './context.js';

/** One acquisition's hold on its lock files, as a {@link LeaseKeeper} keeps it. */
export interface HeldLease {
  lifetime: number;
  /** How long ago (this process's clock) the current lease began. */
  leaseAgeMs(): number;
  /** Moves the expiry forward; throws `LockCompromisedError` when the lock is found lost. */
  refresh(): Promise<void>;
  /** Lets the lock go; resolves whether it was still ours. */
  release(): Promise<boolean>;
  /** Cleans up after a loss, never touching another owner's lock file. */
  discard(): Promise<void>;
}

/**
 * A lock object's current hold (a `Lock`'s, or a `ReadWriteLock`'s read or write hold): keeps
 * it refreshed every third of its lifetime (H7), decides when a failed refresh means the lock
 * is lost, reports a loss to `onCompromised` (by default logged at error level) and throws it
 * once more from the next release, never from a timer. Refreshes and releases run one at a time.
 */
export class LeaseKeeper<H extends HeldLease> {
  readonly #context: LockContext;
  /** Who holds, for messages: "this Lock". */
  readonly #owner: string;
  #held: H | undefined;
  #refresher: AutoRefresher | undefined;
  /** A loss found by the auto-refresh, reported again by the next release. */
  #lost: LockCompromisedError | undefined;
  #serial: Promise<unknown> = Promise.resolve();

  constructor(context: LockContext, owner: string) {
    this.#context = context;
    this.#owner = owner;
  }

  get held(): H | undefined {
    return this.#held;
  }

  get #lockfile(): string {
    return this.#context.names.lockfile;
  }

  /** Starts keeping `held` (refreshing it, when the options ask for auto-refresh). */
  keep(held: H): void {
    this.#lost = undefined;
    this.#held = held;
    if (this.#context.options.autoRefresh) this.#startRefresher(held);
  }

  /**
   * Releases the hold. Rejects with `NotLockedError` when nothing is held, and with
   * `LockCompromisedError` when the lock was found lost; `unconditionally` silences both.
   */
  async release(options: { unconditionally?: boolean } = {}): Promise<void> {
    const held = this.#held;
    await this.#refresher?.stop();
    await this.#exclusive(async () => {
      const lost = this.#takeLoss();
      if (held === undefined || this.#held !== held) {
        if (options.unconditionally) return;
        throw lost ?? this.#notLocked();
      }
      this.#held = undefined;
      this.#refresher = undefined;
      const released = await held.release();
      if (!released && !options.unconditionally) {
        throw new LockCompromisedError(
          this.#lockfile,
          `${this.#lockfile} was no longer ours at unlock: it had been broken or replaced`,
        );
      }
    });
  }

  /** Moves the expiry forward; `lifetime` replaces the hold's lifetime from now on. */
  async refresh(lifetime: number | undefined): Promise<void> {
    await this.#exclusive(() => this.#refresh(lifetime));
  }

  #startRefresher(held: H): void {
    const refresher = new AutoRefresher(
      this.#context,
      () => this.#exclusive(() => this.#refresh(undefined)),
      (error) => this.#onRefreshFailure(held, error),
    );
    this.#refresher = refresher;
    refresher.start(() => held.lifetime / 3);
  }

  /** Decides what a failed auto-refresh means; resolves whether to keep refreshing. */
  async #onRefreshFailure(held: H, error: unknown): Promise<boolean> {
    if (error instanceof LockCompromisedError) {
      this.#report(error);
      return false;
    }
    if (this.#held !== held) return false;
    const elapsed = held.leaseAgeMs();
    if (elapsed < held.lifetime) {
      this.#context.logger.warn('linklock: refreshing the lock failed; retrying', {
        path: this.#lockfile,
        error,
      });
      return true;
    }
    const loss = new LockCompromisedError(
      this.#lockfile,
      `${this.#lockfile} expired: it could not be refreshed for ${elapsed} ms`,
      { cause: error },
    );
    await this.#exclusive(() => this.#lose(held, loss));
    this.#report(loss);
    return false;
  }

  async #refresh(lifetime: number | undefined): Promise<void> {
    const held = this.#held;
    if (held === undefined) throw this.#lost ?? this.#notLocked();
    if (lifetime !== undefined) held.lifetime = lifetime;
    try {
      await held.refresh();
    } catch (error) {
      if (error instanceof LockCompromisedError) await this.#lose(held, error);
      throw error;
    }
  }

  /** Forgets a lost hold and cleans up what is ours (never another owner's lock file). */
  async #lose(held: H, loss: LockCompromisedError): Promise<void> {
    if (this.#held === held) {
      this.#held = undefined;
      this.#refresher?.stop().catch(() => undefined);
      this.#refresher = undefined;
    }
    this.#lost = loss;
    await held.discard().catch((error: unknown) => {
      this.#context.logger.warn('linklock: cleaning up a lost lock failed', {
        path: this.#lockfile,
        error,
      });
    });
  }

  #report(loss: LockCompromisedError): void {
    const { onCompromised, logger } = this.#context.options;
    if (onCompromised === undefined) {
      logger.error(`linklock: ${loss.message}`, { path: this.#lockfile, code: loss.code });
      return;
    }
    try {
      onCompromised(loss);
    } catch (error) {
      logger.error('linklock: the onCompromised callback threw', { path: this.#lockfile, error });
    }
  }

  #takeLoss(): LockCompromisedError | undefined {
    const lost = this.#lost;
    this.#lost = undefined;
    return lost;
  }

  #notLocked(): NotLockedError {
    return new NotLockedError(this.#lockfile, `${this.#lockfile} is not held by ${this.#owner}`);
  }

  /** Runs refreshes and releases one at a time. */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#serial.then(task, task);
    this.#serial = run.catch(ignore);
    return run;
  }
}

/** Swallows the error of a task whose caller has it already (see #exclusive). */
function ignore(): undefined {
  return undefined;
}
