// Core's own tests: those that need nothing but core (internals included). The lock's scenario
// and hazard tests, which run it over memfs and FaultyFs, are in packages/lock-tests.
import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/contracts/clock.js';
import { startTimer } from '../src/protocol/timer.js';

describe('startTimer over a clock without schedule (sleep + signal)', () => {
  it('fires once after the delay', async () => {
    let now = 0;
    const sleeps: { ms: number; wake: () => void }[] = [];
    const clock: Clock = {
      now: () => now,
      sleep: (ms) => new Promise<void>((wake) => sleeps.push({ ms, wake })),
    };
    const fired: number[] = [];
    startTimer(clock, 500, () => fired.push(now));
    expect(sleeps.map((sleep) => sleep.ms)).toEqual([500]);
    expect(fired).toEqual([]);
    now = 500;
    sleeps[0]!.wake();
    await new Promise((resolve) => setImmediate(resolve));
    expect(fired).toEqual([500]);
    expect(sleeps).toHaveLength(1); // nothing armed again: once
  });

  it('never fires once cancelled, even when the sleep had already resolved', async () => {
    const resolvedSleep: Clock = { now: () => 0, sleep: () => Promise.resolve() };
    let fired = false;
    const cancel = startTimer(resolvedSleep, 10, () => {
      fired = true;
    });
    cancel();
    await new Promise((resolve) => setImmediate(resolve));
    expect(fired).toBe(false);
  });
});
