/** Time as the lock sees it. Injected, so tests and the simulator run on virtual time. */
export interface Clock {
  /** Milliseconds since an epoch shared by the processes that use one lock (wall-clock time). */
  now(): number;
  /**
   * Resolves after `ms` milliseconds; rejects with the signal's reason when `signal` aborts.
   * With `unref`, a pending sleep does not keep the process alive (background refresh timers).
   */
  sleep(ms: number, signal?: AbortSignal, options?: SleepOptions): Promise<void>;
}

export interface SleepOptions {
  unref?: boolean;
}
