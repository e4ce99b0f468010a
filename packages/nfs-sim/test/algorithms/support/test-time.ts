import type { Clock } from '@linklock/core';

/**
 * One deterministic time line for a test: it moves only when a process sleeps (by the length
 * of that sleep) or when the test advances it by hand. A sleep resolves on the next macrotask,
 * so a waiting loop lets the test and the other processes run in between.
 */
export class TestTime {
  nowMs: number;

  constructor(startMs = 1_750_000_000_000) {
    this.nowMs = startMs;
  }

  advance(ms: number): void {
    this.nowMs += ms;
  }

  clock(): TestClock {
    return new TestClock(this);
  }
}

/** One process's view of the test time, recording its sleeps. */
export class TestClock implements Clock {
  readonly sleeps: number[] = [];
  readonly #time: TestTime;

  constructor(time: TestTime) {
    this.#time = time;
  }

  now(): number {
    return this.#time.nowMs;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.#time.advance(ms);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
