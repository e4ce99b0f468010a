import { AbortError } from '../errors/lock-errors.js';
import { Backoff } from './backoff.js';
import type { LockContext } from './context.js';

/**
 * How a contending `lock()` waits between attempts (H15): it sleeps a jittered backoff, cut
 * short by a change of the lock file seen through the adapter's directory watch (so a release
 * on this host hands over at once), by the moment the holder's lock becomes breakable, and by
 * the caller's deadline. The watch is started before the lock file is inspected, so a release
 * that happens in between is not missed.
 */
export class Waiter {
  readonly #context: LockContext;
  readonly #signal: AbortSignal | undefined;
  readonly #backoff: Backoff;
  #unwatch: (() => void) | undefined;
  #changed = false;
  #wake: (() => void) | undefined;

  constructor(context: LockContext, signal: AbortSignal | undefined) {
    const { random, minDelay, maxDelay } = context.options;
    this.#context = context;
    this.#signal = signal;
    this.#backoff = new Backoff(random, minDelay, maxDelay);
  }

  /** Starts watching the lock's directory, if the adapter can. Idempotent. */
  watch(): void {
    const { fs, names } = this.#context;
    if (this.#unwatch !== undefined || fs.watch === undefined) return;
    const relevant = new Set([names.basename, names.guard.slice(names.directory.length + 1)]);
    try {
      this.#unwatch = fs.watch(names.directory, (filename) => {
        if (filename !== null && !relevant.has(filename)) return;
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

  /** Waits for the next attempt, no later than `untilLocalMs`. Throws AbortError when aborted. */
  async wait(untilLocalMs: number): Promise<void> {
    throwIfAborted(this.#signal);
    if (this.#changed) {
      this.#changed = false;
      return;
    }
    const delay = Math.min(this.#backoff.next(), untilLocalMs - this.#context.time.localNow());
    if (delay <= 0) return;
    const interrupt = new AbortController();
    const onAbort = () => interrupt.abort(WOKEN);
    this.#signal?.addEventListener('abort', onAbort, { once: true });
    this.#wake = onAbort;
    try {
      await this.#context.options.clock.sleep(delay, interrupt.signal);
    } catch {
      // Woken early by the watch or by the caller's signal; the latter is reported below.
    } finally {
      this.#wake = undefined;
      this.#signal?.removeEventListener('abort', onAbort);
    }
    this.#changed = false;
    throwIfAborted(this.#signal);
  }

  close(): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
  }
}

/** The reason a wait is cut short by a change (a constant: the default reason costs a DOMException). */
const WOKEN = Symbol('linklock: woken');

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError('The lock wait was aborted', { cause: signal.reason });
}
