import { throwIfAborted } from './abort.js';
import { Backoff } from './backoff.js';
import type { LockContext } from './context.js';
import { startTimer } from './timer.js';

/**
 * How a contending `lock()` waits between attempts (H15): it sleeps a jittered backoff, cut
 * short by a change of the lock file seen through the adapter's directory watch (so a release
 * on this host hands over at once), by the death of a holder on this host, by the moment the
 * holder's lock becomes breakable, and by the caller's deadline. The watch is started before
 * the lock file is inspected, so a release that happens in between is not missed.
 */
export class Waiter {
  readonly #context: LockContext;
  readonly #signal: AbortSignal | undefined;
  readonly #backoff: Backoff;
  #unwatch: (() => void) | undefined;
  #changed = false;
  #wake: (() => void) | undefined;
  /** The next delay of the polling phase (see {@link Waiter.poll}); 0 outside it. */
  #pollDelay = 0;
  /** When set, the only directory entries whose change wakes the waiter (the fair queue's claims ahead). */
  #onlyFor: ReadonlySet<string> | undefined;

  constructor(context: LockContext, signal: AbortSignal | undefined) {
    const { random, minDelay, maxDelay } = context.options;
    this.#context = context;
    this.#signal = signal;
    this.#backoff = new Backoff(random, minDelay, maxDelay);
  }

  /** Whether the waiter is in its polling phase (not watching). */
  get polling(): boolean {
    return this.#pollDelay > 0;
  }

  /**
   * Enters the polling phase: a change woke us and the lock was taken again at once, so it is
   * changing hands fast. Every waiter watching the directory is woken by each of the half-dozen
   * file operations of every hand-off, and on a busy lock these wakes (and the preemption of the
   * holder they cause) cost more than the hand-offs themselves. So the waiter stops watching
   * and polls with short jittered sleeps, doubling from {@link POLL_FIRST_MS} (each also
   * bounded by the wait's `until`, which the acquirer keeps within a liveness check); past
   * {@link POLL_LAST_MS} the lock is evidently held for a while and it watches again.
   */
  poll(): void {
    if (this.#pollDelay === 0) this.#pollDelay = POLL_FIRST_MS;
    this.close();
    this.#changed = false;
  }

  /**
   * Wake only for a change of these entries of the lock's directory, not of the lock file or
   * its break guard; `undefined`: for those again. A waiter further back in the fair queue waits
   * for the claims ahead of its own to go, not for releases.
   */
  wakeOnlyFor(entries: Iterable<string> | undefined): void {
    this.#onlyFor = entries === undefined ? undefined : new Set(entries);
  }

  /** Starts watching the lock's directory, if the adapter can, unless polling. Idempotent. */
  watch(): void {
    const { fs, names } = this.#context;
    if (this.polling || this.#unwatch !== undefined || fs.watch === undefined) return;
    const relevant = new Set([names.basename, names.guard.slice(names.guard.lastIndexOf('/') + 1)]);
    try {
      this.#unwatch = fs.watch(names.directory, (filename) => {
        if (filename !== null && !(this.#onlyFor ?? relevant).has(filename)) return;
        this.#changed = true;
        this.#wake?.();
      });
    } catch (error) {
      // Waiting works without a watch (backoff alone); a failing watch must not fail lock().
      this.#context.logger.debug('linklock: could not watch the lock directory', { error });
      this.#unwatch = () => {};
    }
  }

  /** Forgets the backoff history: the lock changed hands, so the next wait starts short. */
  reset(): void {
    this.#backoff.reset();
  }

  /**
   * Waits for the next attempt, no later than `untilLocalMs`, and says what ended the wait.
   * With `holderAlive` (a holder on this very host), its liveness is checked every
   * {@link LIVENESS_CHECK_MS} while sleeping, so a holder that dies is replaced at once rather
   * than after the backoff (a `kill(pid, 0)`, no file operation). Throws AbortError when aborted.
   */
  async wait(untilLocalMs: number, holderAlive?: () => boolean): Promise<WakeReason> {
    throwIfAborted(this.#signal);
    if (this.#changed) {
      this.#changed = false;
      return 'changed';
    }
    let remaining = Math.min(this.#nextDelay(), untilLocalMs - this.#context.time.localNow());
    while (remaining > 0) {
      const slice = holderAlive === undefined ? remaining : Math.min(remaining, LIVENESS_CHECK_MS);
      await this.#sleep(slice);
      throwIfAborted(this.#signal);
      if (this.#changed) {
        this.#changed = false;
        return 'changed';
      }
      remaining -= slice;
      if (holderAlive !== undefined && !holderAlive()) return 'holder-died';
    }
    return 'elapsed';
  }

  /** Sleeps `ms`, cut short only by the caller's signal (AbortError). */
  async pause(ms: number): Promise<void> {
    throwIfAborted(this.#signal);
    if (ms > 0) await this.#sleep(ms);
    throwIfAborted(this.#signal);
  }

  /** The backoff, or in the polling phase the next poll delay (leaving the phase after the last). */
  #nextDelay(): number {
    if (this.#pollDelay === 0) return this.#backoff.next();
    const base = this.#pollDelay;
    this.#pollDelay = base * 2 > POLL_LAST_MS ? 0 : base * 2;
    return base / 2 + (this.#context.options.random.next() * base) / 2;
  }

  /**
   * Sleeps `ms`, cut short by a change of the lock file or by the caller's signal (the caller
   * looks at which). On a timer (`startTimer`), so a clock with `schedule` spares each sleep an
   * `AbortController`.
   */
  async #sleep(ms: number): Promise<void> {
    let wakeNow = () => {};
    try {
      await new Promise<void>((resolve) => {
        const cancel = startTimer(this.#context.options.clock, ms, resolve);
        wakeNow = () => {
          cancel();
          resolve();
        };
        this.#signal?.addEventListener('abort', wakeNow, { once: true });
        this.#wake = wakeNow;
      });
    } finally {
      this.#wake = undefined;
      this.#signal?.removeEventListener('abort', wakeNow);
    }
  }

  close(): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
  }
}

/**
 * What ended a wait: a change of the lock file seen by the watch, the holder found dead, or
 * the time (the backoff, the holder's breakability, the caller's deadline).
 */
export type WakeReason = 'changed' | 'holder-died' | 'elapsed';

/** The polling phase's first and longest delays (see {@link Waiter.poll}). */
const POLL_FIRST_MS = 4;
const POLL_LAST_MS = 128;

/**
 * How often a waiter checks that a holder on its own host is still alive. Every wake costs
 * a process some CPU (about 0.2 ms on a virtual machine, timers and all): at 50 ms a waiter
 * spends a few milliseconds of CPU per second, and a dead holder is replaced well within 100 ms.
 */
export const LIVENESS_CHECK_MS = 50;
