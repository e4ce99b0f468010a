import { describe, expect, it } from 'vitest';
import { checkRun } from '../../src/check/check-run.js';
import {
  crash,
  end,
  enter,
  exited,
  log,
  options,
  pause,
  start,
  told,
  trace,
  turn,
} from './support/trace-builder.js';

describe('checkRun', () => {
  it('passes a clean run', () => {
    const run = trace(
      turn(1, 0, 100, 1),
      turn(2, 100, 200, 2),
      exited(300, 1),
      exited(300, 2),
      end(400, ['lock.fence', 'lock.fence.2']),
    );
    expect(checkRun(run, options({ fencing: true }))).toEqual({
      violations: [],
      reportedOverlaps: 0,
    });
  });

  it('runs all four checkers and lists their violations in time order', () => {
    const run = trace(
      turn(1, 0, 1_000, 1), // pid 2 enters inside: safety
      turn(2, 500, 1_500, 1), // token 1 again: fencing
      log(1_200, 2, 'error'), // nothing went wrong: hygiene
      start(1_600, 3), // pid 2 released at 1.5 s, and pid 3 never got in: liveness
      exited(2_000, 1),
      exited(2_000, 2),
      end(10_000, ['lock.claim.c2.2.abc']), // pid 2 exited but left its claim: hygiene
    );
    const { violations, reportedOverlaps } = checkRun(run, options({ fencing: true }));
    expect(reportedOverlaps).toBe(0);
    expect(violations.map((v) => [v.checker, v.t])).toEqual([
      ['safety', 500],
      ['fencing', 500],
      ['hygiene', 1_200],
      ['liveness', 6_600],
      ['hygiene', 10_000],
    ]);
  });

  it('passes the count of reported overlaps on', () => {
    const run = trace(
      enter(0, 1),
      pause(100, 1, 30_000),
      turn(2, 26_000, 27_000),
      told(30_100, 1),
      crash(30_200, 1),
      end(40_000),
    );
    expect(checkRun(run, options())).toEqual({ violations: [], reportedOverlaps: 1 });
  });

  it('rejects options that are not what CheckOptions says, naming the option', () => {
    expect(() => checkRun([], options({ lifetimeMs: 0 }))).toThrow(TypeError);
    expect(() => checkRun([], options({ clockSlopMs: Number.NaN }))).toThrow(/`clockSlopMs`/);
    expect(() => checkRun([], options({ livenessBoundMs: -1 }))).toThrow(/`livenessBoundMs`/);
    expect(() => checkRun([], options({ lockBasename: 'dir/lock' }))).toThrow(/`lockBasename`/);
    const notBoolean = { finished: 'no' } as unknown as { finished: boolean };
    expect(() => checkRun([], options(notBoolean))).toThrow(/`finished`/);
    expect(() => checkRun([], options({ finished: false }))).toThrow(/`timeLimitMs`/);
  });

  it('lists a run cut off at its time limit last, as a liveness violation at its end', () => {
    const run = trace(
      start(0, 1),
      enter(0, 1), // still holding when the run was cut off
      start(200, 2), // still waiting then
      log(300, 2, 'error'),
      end(60_000, ['lock']),
    );
    const cutOff = checkRun(run, options({ finished: false, timeLimitMs: 60_000 }));
    expect(cutOff.violations.map((v) => [v.checker, v.t])).toEqual([
      ['hygiene', 300],
      ['liveness', 60_000],
    ]);
    expect(cutOff.violations.at(-1)).toEqual({
      checker: 'liveness',
      message: 'the run did not finish within 60000 ms of simulated time',
      t: 60_000,
      pids: [],
    });
    const leftover = trace(turn(1, 0, 100), exited(300, 1), end(60_000, ['lock.claim.c1.1.x']));
    const unfinished = checkRun(leftover, options({ finished: false, timeLimitMs: 60_000 }));
    expect(unfinished.violations.map((v) => v.checker)).toEqual(['hygiene', 'liveness']);
    for (const judged of [options({ finished: true, timeLimitMs: 60_000 }), options()]) {
      expect(checkRun(run, judged).violations.map((v) => v.checker)).toEqual(['hygiene']);
    }
  });
});
