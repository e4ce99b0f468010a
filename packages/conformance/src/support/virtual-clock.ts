import type { Clock } from '@linklock/core';

interface Timer {
  at: number;
  seq: number;
  wake: () => void;
}

/** One process's clock on a {@link VirtualClock}'s time line (see {@link VirtualClock.view}). */
export interface VirtualClockView extends Clock {
  /** The time line itself, never stepped, whatever the view's offset. */
  monotonic(): number;
  /** The length of every sleep asked of this view, in order. */
  readonly sleeps: readonly number[];
}

/**
 * A clock on virtual time for the lock semantics, and for your own tests: sleeps never wait for
 * real. Whenever the event loop has a turn free, the earliest pending sleep wakes and time
 * jumps to its deadline, so a lifetime of seconds passes in milliseconds, whatever the
 * adapter's own speed (slow I/O only looks like time passing faster). `advance()` moves time
 * by hand, `view()` gives each simulated process its own (possibly skewed) clock on the same
 * time line, and `stop()` freezes it at the end of a case.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  #pumping = false;
  #stopped = false;

  constructor(startMs = Date.UTC(2025, 5, 15)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** Never stepped: the lock measures its lease's age on it. */
  monotonic(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        this.#timers = this.#timers.filter((timer) => timer !== entry);
        reject(signal?.reason);
      };
      const entry: Timer = {
        at: this.#now + Math.max(0, ms),
        seq: this.#seq++,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(entry);
      this.#schedule();
    });
  }

  /** Moves time forward by hand, e.g. to let a lock expire while nobody sleeps. */
  advance(ms: number): void {
    this.#now += ms;
  }

  /**
   * A clock for one simulated process on this time line: `offsetMs` ahead of it (negative:
   * behind; a function, read at every look, may step it as NTP or `date -s` would), sleeping on
   * it, and keeping the length of each of its sleeps.
   */
  view(offsetMs: number | (() => number) = 0): VirtualClockView {
    const offset = typeof offsetMs === 'number' ? () => offsetMs : offsetMs;
    const sleeps: number[] = [];
    return {
      now: () => this.#now + offset(),
      monotonic: () => this.#now,
      sleep: (ms, signal) => {
        sleeps.push(ms);
        return this.sleep(ms, signal);
      },
      sleeps,
    };
  }

  /** Stops waking sleepers: a case that ended leaves no lock spinning in the background. */
  stop(): void {
    this.#stopped = true;
    this.#timers = [];
  }

  #schedule(): void {
    if (this.#pumping || this.#stopped) return;
    this.#pumping = true;
    nextTurn(() => this.#wakeEarliest());
  }

  #wakeEarliest(): void {
    this.#pumping = false;
    if (this.#stopped || this.#timers.length === 0) return;
    this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const timer = this.#timers.shift()!;
    this.#now = Math.max(this.#now, timer.at);
    timer.wake();
    if (this.#timers.length > 0) this.#schedule();
  }
}

/** After pending I/O callbacks and promise continuations: `setImmediate` where there is one. */
function nextTurn(callback: () => void): void {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown })
    .setImmediate;
  if (immediate !== undefined) immediate(callback);
  else setTimeout(callback, 0);
}
