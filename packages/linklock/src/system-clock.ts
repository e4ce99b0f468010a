import { clearTimeout, setTimeout } from 'node:timers';
import type { Clock, SleepOptions } from '@linklock/core';

/** The longest delay `setTimeout` takes as is; longer ones are slept in parts. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The wall clock of this process (`Date.now()`), its monotonic clock (`performance.now()`, so
 * that steps of the wall clock are noticed), with sleeps on `setTimeout`. A sleep whose
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

  sleep(ms: number, signal?: AbortSignal, options?: SleepOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const arm = (remaining: number) => {
        const delay = Math.min(remaining, MAX_TIMER_MS);
        timer = setTimeout(() => {
          if (remaining > delay) {
            arm(remaining - delay);
            return;
          }
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, delay);
        if (options?.unref) timer.unref();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      arm(Number.isNaN(ms) ? 0 : Math.max(0, ms));
    });
  },
};
