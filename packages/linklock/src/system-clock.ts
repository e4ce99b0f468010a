import { clearTimeout, setTimeout } from 'node:timers';
import type { Clock, SleepOptions } from '@linklock/core';

/** The longest delay `setTimeout` takes as is; longer ones are slept in parts. */
const MAX_TIMER_MS = 2_147_483_647;

/** Runs `callback` after `ms` on `setTimeout` (in parts beyond its limit); returns the cancel. */
function schedule(ms: number, callback: () => void, options?: SleepOptions): () => void {
  // The usual case (a refresh timer armed at each acquisition): one timer, no closure to re-arm.
  if (ms >= 0 && ms <= MAX_TIMER_MS) {
    const timer = setTimeout(callback, ms);
    if (options?.unref) timer.unref();
    return () => clearTimeout(timer);
  }
  let timer: NodeJS.Timeout | undefined;
  const arm = (remaining: number) => {
    const delay = Math.min(remaining, MAX_TIMER_MS);
    timer = setTimeout(() => (remaining > delay ? arm(remaining - delay) : callback()), delay);
    if (options?.unref) timer.unref();
  };
  arm(Number.isNaN(ms) ? 0 : Math.max(0, ms));
  return () => clearTimeout(timer);
}

/**
 * The wall clock of this process (`Date.now()`), its monotonic clock (`performance.now()`, so
 * that steps of the wall clock are noticed), with sleeps and timers on `setTimeout`. A sleep whose
 * signal aborts rejects with the signal's reason (at once when it is already aborted), and
 * leaves neither its timer nor its abort listener behind. `unref` sleeps do not keep the
 * process alive.
 */
export const systemClock: Clock = {
  now(): number {
    return Date.now();
  },

  monotonic(): number {
    return performance.now();
  },

  schedule,

  sleep(ms: number, signal?: AbortSignal, options?: SleepOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        cancel();
        reject(signal?.reason);
      };
      const cancel = schedule(
        ms,
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        options,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
