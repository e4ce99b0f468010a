import type { Clock, SleepOptions } from '@linklock/core';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * Virtual time for tests: sleeps never wait for real. Whenever the event loop has nothing else
 * to do (a `setImmediate` turn), the earliest pending sleep is woken and time jumps to its
 * deadline, so a test of a 15 s lifetime runs in milliseconds and in a deterministic order.
 * `clock(name, offsetMs)` hands each simulated process its own view, with an optional skew
 * (H6), and counts its sleeps (H1: "retries without sleeping").
 */
export class VirtualTime {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  #pumping = false;
  readonly sleeps = new Map<string, number>();

  constructor(startMs = 1_750_000_000_000) {
    this.#now = startMs;
  }

  /** The true time (the file server's clock in tests that stamp memfs with it). */
  now(): number {
    return this.#now;
  }

  /** A clock for one simulated process, `offsetMs` ahead of true time (a function: it may step). */
  clock(
    name = 'default',
    offsetMs: number | (() => number) = 0,
  ): Clock & { sleepCount(): number; monotonic(): number } {
    const offset = typeof offsetMs === 'number' ? () => offsetMs : offsetMs;
    return {
      now: () => this.#now + offset(),
      monotonic: () => this.#now,
      sleep: (ms: number, signal?: AbortSignal, _options?: SleepOptions) => {
        this.sleeps.set(name, (this.sleeps.get(name) ?? 0) + 1);
        return this.#sleep(ms, signal);
      },
      sleepCount: () => this.sleeps.get(name) ?? 0,
    };
  }

  /** Moves time forward by hand (e.g. to let a lock expire while nobody sleeps). */
  advance(ms: number): void {
    this.#now += ms;
  }

  #sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer: Timer = {
        at: this.#now + Math.max(0, ms),
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    setImmediate(() => this.#pump());
  }

  #pump(): void {
    this.#pumping = false;
    if (this.#timers.length === 0) return;
    this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const timer = this.#timers.shift()!;
    this.#now = Math.max(this.#now, timer.at);
    timer.resolve();
    if (this.#timers.length > 0) this.#schedule();
  }
}
