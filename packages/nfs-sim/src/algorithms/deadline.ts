import type { Clock } from '@linklock/core';

/**
 * When a reference algorithm's `acquire(timeoutMs)` gives up, in the terms of `LockInstance`:
 * `null` waits forever, `0` makes one attempt, anything else gives up once the deadline is
 * behind us (strictly, as the anchors compare: `timeout_time < time.time()`).
 */
export class AcquireDeadline {
  readonly #clock: Clock;
  readonly #timeoutMs: number | null;
  readonly #deadlineMs: number | null;

  constructor(clock: Clock, timeoutMs: number | null) {
    this.#clock = clock;
    this.#timeoutMs = timeoutMs;
    this.#deadlineMs = timeoutMs === null ? null : clock.now() + timeoutMs;
  }

  /** Whether the caller should give up now, after a failed attempt. */
  passed(): boolean {
    if (this.#deadlineMs === null) return false;
    return this.#timeoutMs === 0 || this.#deadlineMs < this.#clock.now();
  }
}
