/** Time as the lock sees it. Injected, so tests and the simulator run on virtual time. */
export interface Clock {
  /** Milliseconds since an epoch shared by the processes that use one lock (wall-clock time). */
  now(): number;
  /**
   * Resolves after `ms` milliseconds; rejects with the signal's reason when `signal` aborts.
   * With `unref`, a pending sleep does not keep the process alive (background refresh timers).
   */
  sleep(ms: number, signal?: AbortSignal, options?: SleepOptions): Promise<void>;
  /**
   * Optional: milliseconds from an arbitrary start on a clock that is never stepped
   * (`performance.now()`). With it, a step of the wall clock (an NTP correction, `date -s`) is
   * noticed at once and the server-clock estimate measured again (H6).
   */
  monotonic?(): number;
  /**
   * Optional: calls `callback` once after `ms` milliseconds unless the returned function is
   * called first. The refresh timer is armed at every acquisition; a `Clock` that offers this
   * (the system clock does, on `setTimeout`) spares each one an `AbortController`. Without it
   * the lock uses `sleep` with a signal: same behaviour, more garbage.
   */
  schedule?(ms: number, callback: () => void, options?: SleepOptions): () => void;
}

export interface SleepOptions {
  unref?: boolean;
}
