import type { VirtualClockView } from './virtual-clock.js';

/**
 * Real time, with the same shape as {@link VirtualClock}: for storage that stamps modification
 * times on its own clock (a real disk, an NFS server), where a lock in filesystem time can only
 * see time pass if it really passes. `view(offsetMs)` gives a process a clock that many
 * milliseconds off, `stop()` ends every pending sleep without waking it (a case that ended
 * leaves no lock spinning).
 */
export class RealTimeLine {
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #stopped = false;

  now(): number {
    return Date.now();
  }

  monotonic(): number {
    return performance.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      if (this.#stopped) return; // never wakes: the case is over
      const onAbort = () => {
        clearTimeout(timer);
        this.#timers.delete(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          this.#timers.delete(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      this.#timers.add(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  view(offsetMs = 0): VirtualClockView {
    const sleeps: number[] = [];
    return {
      now: () => Date.now() + offsetMs,
      monotonic: () => performance.now(),
      sleep: (ms, signal) => {
        sleeps.push(ms);
        return this.sleep(ms, signal);
      },
      sleeps,
    };
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
