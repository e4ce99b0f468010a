import { describe, expect, it } from 'vitest';
import { checkLiveness } from '../../src/check/liveness.js';
import {
  BOUND_MS,
  crash,
  EXPIRY_MS,
  end,
  enter,
  exit,
  fault,
  gaveUp,
  options,
  pause,
  release,
  start,
  trace,
  turn,
} from './support/trace-builder.js';

/** pid 1 holds from 0 and crashes at 1 s: its lock may be broken from 26 s. */
const crashedHolder = () => [enter(0, 1), crash(1_000, 1)];
const FREE_MS = 1_000 + EXPIRY_MS;
const DEADLINE_MS = FREE_MS + BOUND_MS;

describe('checkLiveness', () => {
  describe('when a holder crashes', () => {
    it('reports a waiter that got in only after lifetime + slop + bound', () => {
      const run = trace(crashedHolder(), start(500, 2), enter(DEADLINE_MS + 1, 2), end(60_000));
      expect(checkLiveness(run, options())).toEqual([
        {
          checker: 'liveness',
          message: expect.stringContaining(
            `pid 2 waited from ${FREE_MS} ms to ${DEADLINE_MS} ms while the lock was free since ${FREE_MS} ms`,
          ),
          t: DEADLINE_MS,
          pids: [2, 1],
        },
      ]);
    });

    it('accepts a waiter that got in by lifetime + slop + bound, to the millisecond', () => {
      const run = trace(crashedHolder(), start(500, 2), enter(DEADLINE_MS, 2), end(60_000));
      expect(checkLiveness(run, options())).toEqual([]);
    });

    it('accepts anyone getting in, not only the waiter', () => {
      const run = trace(crashedHolder(), start(500, 2), turn(3, FREE_MS + 10, 59_000), end(60_000));
      expect(checkLiveness(run, options())).toEqual([]);
    });

    it('also frees the lock of a waiter that crashed, which may have linked it just before', () => {
      const run = trace(turn(1, 0, 100), start(50, 2), crash(200, 2), start(300, 3), end(60_000));
      const violations = checkLiveness(run, options());
      // Free at 100 (release), but pid 2 crashed inside that window: the obligation moves to
      // 200 + lifetime + slop.
      expect(violations.map((v) => [v.pids, v.t])).toEqual([[[3, 2], 200 + EXPIRY_MS + BOUND_MS]]);
    });
  });

  describe('when a waiter is not owed the lock', () => {
    it('ignores one that gave up (timed out) before the deadline', () => {
      const run = trace(crashedHolder(), start(500, 2, 30_000), gaveUp(30_500, 2), end(60_000));
      expect(checkLiveness(run, options())).toEqual([]);
    });

    it('still reports one that gave up after the deadline', () => {
      const run = trace(crashedHolder(), start(500, 2, 40_000), gaveUp(40_500, 2), end(60_000));
      expect(checkLiveness(run, options())).toHaveLength(1);
    });

    it('ignores everything when the run ended before the deadline', () => {
      const run = trace(crashedHolder(), start(500, 2), end(DEADLINE_MS - 1));
      expect(checkLiveness(run, options())).toEqual([]);
    });

    it('ignores a waiter that started more than the bound after the lock became free', () => {
      const run = trace(crashedHolder(), start(DEADLINE_MS + 1, 2), end(60_000));
      expect(checkLiveness(run, options())).toEqual([]);
    });

    it('gives a paused waiter a full bound after it wakes', () => {
      const run = trace(
        crashedHolder(),
        start(500, 2),
        pause(FREE_MS + 1_000, 2, 10_000),
        enter(FREE_MS + 11_000 + BOUND_MS, 2),
        end(60_000),
      );
      expect(checkLiveness(run, options())).toEqual([]);
    });

    it('excuses the window of another waiter that crashed in it, then holds it to that crash', () => {
      const run = trace(crashedHolder(), start(500, 2), start(600, 3), crash(FREE_MS + 1, 3));
      const entered = trace(run, enter(FREE_MS + 1 + EXPIRY_MS + 10, 2), end(90_000));
      expect(checkLiveness(entered, options())).toEqual([]);
      expect(checkLiveness(trace(run, end(90_000)), options()).map((v) => v.pids)).toEqual([
        [2, 3],
      ]);
    });
  });

  describe('when a holder releases', () => {
    it('reports a waiter still waiting a bound after a successful release', () => {
      const run = trace(turn(1, 0, 1_000), start(500, 2), end(60_000));
      const violations = checkLiveness(run, options());
      expect(violations.map((v) => [v.t, v.pids])).toEqual([[1_000 + BOUND_MS, [2, 1]]]);
      expect(violations[0]?.message).toContain('pid 1 released it at 1000 ms');
    });

    it('counts a failed release as freeing the lock only once it has expired', () => {
      const lateEntry = 2_000 + EXPIRY_MS + BOUND_MS;
      const run = trace(
        enter(0, 1),
        exit(2_000, 1),
        release(2_000, 1, 'EIO'),
        start(500, 2),
        enter(lateEntry, 2),
        end(60_000),
      );
      expect(checkLiveness(run, options())).toEqual([]);
      expect(
        checkLiveness(trace(run.filter((e) => e.kind !== 'cs-enter' || e.pid !== 2)), options()),
      ).toHaveLength(1);
    });

    it('owes nothing while another process still holds the lock', () => {
      // pid 2 broke pid 1's stalled lock; pid 1's release fails; pid 2 holds on for a minute.
      const run = trace(
        enter(0, 1),
        pause(100, 1, 40_000),
        enter(26_000, 2),
        exit(40_200, 1),
        release(40_200, 1, 'ECOMPROMISED'),
        start(30_000, 3),
        exit(90_000, 2),
        release(90_000, 2),
        enter(90_010, 3),
        end(100_000),
      );
      expect(checkLiveness(run, options())).toEqual([]);
    });
  });

  describe('when a holder pauses', () => {
    it('frees its lock lifetime + slop after the pause began, if it is still paused then', () => {
      const run = trace(enter(0, 1), pause(1_000, 1, 60_000), start(500, 2), end(100_000));
      const violations = checkLiveness(run, options());
      expect(violations.map((v) => v.t)).toEqual([DEADLINE_MS]);
      expect(violations[0]?.message).toContain('pid 1 paused for 60000 ms at 1000 ms');
    });

    it('owes nothing when the holder wakes before the deadline and keeps its lock', () => {
      const run = trace(
        enter(0, 1),
        pause(1_000, 1, EXPIRY_MS + 1_000),
        exit(80_000, 1),
        release(80_000, 1),
        start(500, 2),
        enter(80_010, 2),
        end(100_000),
      );
      expect(checkLiveness(run, options())).toEqual([]);
    });
  });

  describe('when a soft timeout may have left a lock file behind', () => {
    it('excuses the window and frees the lock once that file has expired', () => {
      const run = trace(turn(1, 0, 1_000), start(500, 2), fault(1_500, 'soft-timeout', 3));
      const inTime = trace(run, enter(1_500 + EXPIRY_MS + BOUND_MS, 2), end(60_000));
      expect(checkLiveness(inTime, options())).toEqual([]);
      expect(checkLiveness(trace(run, end(60_000)), options()).map((v) => v.t)).toEqual([
        1_500 + EXPIRY_MS + BOUND_MS,
      ]);
    });
  });

  it('reports a wait once, for the earliest time it was owed the lock', () => {
    // Not owed at 1 s (the release): the soft timeout at 0.5 s may have left a lock file behind
    // that only its expiry frees; owed from 25.5 s on, once.
    const run = trace(fault(500, 'soft-timeout', 3), turn(1, 0, 1_000), start(500, 2), end(60_000));
    expect(checkLiveness(run, options()).map((v) => v.t)).toEqual([25_500 + BOUND_MS]);
  });

  it('does not owe the lock at a release while a crash in a lock call may have left a lock file', () => {
    const run = trace(
      start(0, 3),
      crash(100, 3),
      turn(1, 0, 1_000),
      start(500, 2),
      enter(25_200, 2),
      end(60_000),
    );
    expect(checkLiveness(run, options())).toEqual([]);
  });
});
