import { describe, expect, it } from 'vitest';
import { checkSafety } from '../../src/check/safety.js';
import {
  crash,
  end,
  enter,
  exit,
  fault,
  options,
  pause,
  release,
  start,
  told,
  trace,
  turn,
} from './support/trace-builder.js';

/** pid 1 holds from 0; pid 2 enters at 26 s, while pid 1 is still inside until 40 s. */
function overlapping(...extra: Parameters<typeof trace>) {
  return trace(enter(0, 1), exit(40_000, 1), release(40_000, 1), turn(2, 26_000, 27_000), ...extra);
}

describe('checkSafety', () => {
  describe('when two processes are in the critical section at once', () => {
    it('reports a violation naming both pids, the overlap and that the holder was not told', () => {
      const run = trace(turn(1, 0, 1_000), turn(2, 500, 1_500), end(2_000));
      const { violations, reportedOverlaps } = checkSafety(run, options());
      expect(reportedOverlaps).toBe(0);
      expect(violations).toEqual([
        { checker: 'safety', message: expect.any(String), t: 500, pids: [1, 2] },
      ]);
      const [violation] = violations;
      expect(violation?.message).toContain('pid 1');
      expect(violation?.message).toContain('pid 2');
      expect(violation?.message).toContain('from 500 ms to 1000 ms');
      expect(violation?.message).toContain('pid 1 was never told');
    });

    it('reports each pair once: three at once are three overlaps', () => {
      const run = trace(turn(1, 0, 1_000), turn(2, 100, 900), turn(3, 200, 800));
      expect(checkSafety(run, options()).violations.map((v) => v.pids)).toEqual([
        [1, 2],
        [1, 3],
        [2, 3],
      ]);
    });
  });

  describe('when the critical sections do not overlap', () => {
    it('finds nothing, even when one enters at the very instant the other exits', () => {
      const run = trace(
        turn(1, 0, 1_000),
        turn(2, 1_000, 2_000),
        turn(1, 3_000, 4_000),
        end(5_000),
      );
      expect(checkSafety(run, options())).toEqual({ violations: [], reportedOverlaps: 0 });
    });

    it('judges by cs-exit, not by release: holding the lock file after the section is no overlap', () => {
      const run = trace(enter(0, 1), exit(1_000, 1), turn(2, 1_500, 2_000), release(3_000, 1));
      expect(checkSafety(run, options()).violations).toEqual([]);
    });
  });

  describe('when the earlier holder broke an assumption and was told', () => {
    it('counts a pause of lifetime/2 or more as a reported overlap, not a violation', () => {
      // lifetime 15 s: a 30 s stall; pid 2 breaks the lock at 26 s; pid 1 learns on waking.
      const run = overlapping(pause(100, 1, 30_000), told(30_100, 1));
      expect(checkSafety(run, options())).toEqual({ violations: [], reportedOverlaps: 1 });
    });

    it('takes lifetime/2 as the threshold: 7499 ms is not a broken assumption, 7500 ms is', () => {
      expect(
        checkSafety(overlapping(pause(100, 1, 7_499), told(30_100, 1)), options()).violations,
      ).toHaveLength(1);
      expect(checkSafety(overlapping(pause(100, 1, 7_500), told(30_100, 1)), options())).toEqual({
        violations: [],
        reportedOverlaps: 1,
      });
    });

    it("counts a clock step or a soft timeout on the holder's own client", () => {
      for (const what of ['clock-step', 'soft-timeout'] as const) {
        const run = overlapping(fault(5_000, what, 1), told(39_000, 1));
        expect(checkSafety(run, options())).toEqual({ violations: [], reportedOverlaps: 1 });
      }
    });

    it('counts a request that ran twice on the server (a duplicate request cache miss), on any client', () => {
      const run = overlapping(fault(5_000, 'drc-miss', 3), told(39_000, 1));
      expect(checkSafety(run, options())).toEqual({ violations: [], reportedOverlaps: 1 });
      const untold = overlapping(fault(5_000, 'drc-miss', 3));
      expect(checkSafety(untold, options()).violations).toHaveLength(1);
    });

    it('needs no telling when the holder never woke: paused past half its lifetime while holding, then crashed', () => {
      // pid 1 stalls at 100 ms for 30 s and is killed at 28 s, never having run again.
      const neverWoke = trace(
        enter(0, 1),
        pause(100, 1, 30_000),
        crash(28_000, 1),
        turn(2, 26_000, 27_000),
      );
      expect(checkSafety(neverWoke, options())).toEqual({ violations: [], reportedOverlaps: 1 });
      // It woke at 30.1 s and ran untold until it crashed: a violation.
      const woke = trace(
        enter(0, 1),
        pause(100, 1, 30_000),
        crash(30_200, 1),
        turn(2, 26_000, 27_000),
      );
      expect(checkSafety(woke, options()).violations).toHaveLength(1);
      // Killed during a pause shorter than half its lifetime: no assumption broken, a violation.
      const short = trace(
        enter(0, 1),
        pause(100, 1, 7_000),
        crash(7_000, 1),
        turn(2, 5_000, 6_000),
      );
      expect(checkSafety(short, options()).violations).toHaveLength(1);
    });

    it('accepts the later holder as the one that lost its lease: stalled in its lock call, told', () => {
      // pid 2 won the lock, stalled before entering; its lock was broken and pid 1 took it.
      const run = trace(
        start(0, 2),
        pause(10, 2, 30_000),
        enter(26_000, 1),
        enter(30_010, 2),
        exit(30_020, 2),
        release(30_030, 2, 'ECOMPROMISED'),
        told(30_030, 2, 'release'),
        exit(31_000, 1),
        release(31_000, 1),
      );
      expect(checkSafety(run, options())).toEqual({ violations: [], reportedOverlaps: 1 });
    });

    it('accepts being told through the release call, logged just after the release event', () => {
      const run = trace(
        enter(0, 1),
        pause(100, 1, 30_000),
        turn(2, 26_000, 27_000),
        exit(30_100, 1),
        release(30_200, 1, 'ECOMPROMISED'),
        told(30_200, 1, 'release'),
      );
      expect(checkSafety(run, options()).reportedOverlaps).toBe(1);
    });

    it('accepts being told through the release call, at the release', () => {
      const run = trace(
        enter(0, 1),
        pause(100, 1, 30_000),
        turn(2, 26_000, 27_000),
        exit(30_100, 1),
        told(30_200, 1, 'release'),
        release(30_200, 1, 'ECOMPROMISED'),
      );
      expect(checkSafety(run, options()).reportedOverlaps).toBe(1);
    });
  });

  describe('when the holder was told but no assumption was broken', () => {
    it('is a violation: the lock failed inside its assumptions', () => {
      const { violations, reportedOverlaps } = checkSafety(overlapping(told(30_000, 1)), options());
      expect(reportedOverlaps).toBe(0);
      expect(violations).toHaveLength(1);
      expect(violations[0]?.message).toContain('pid 1 was told');
      expect(violations[0]?.message).toContain('no assumption was broken');
    });

    it('ignores faults on other clients and pauses of other pids', () => {
      const run = overlapping(
        fault(5_000, 'clock-step', 2),
        fault(6_000, 'soft-timeout', 3),
        pause(7_000, 3, 60_000),
        told(30_000, 1),
      );
      expect(checkSafety(run, options()).violations).toHaveLength(1);
    });

    it('ignores a broken assumption after the later holder entered', () => {
      const run = overlapping(pause(26_500, 1, 10_000), told(37_000, 1));
      expect(checkSafety(run, options()).violations).toHaveLength(1);
    });
  });

  describe('when an assumption was broken but the holder was never told', () => {
    it('is a violation saying so', () => {
      const { violations, reportedOverlaps } = checkSafety(
        overlapping(pause(100, 1, 30_000)),
        options(),
      );
      expect(reportedOverlaps).toBe(0);
      expect(violations).toHaveLength(1);
      expect(violations[0]?.message).toContain('pid 1 was never told');
      expect(violations[0]?.message).toContain('paused for 30000 ms');
    });

    it('does not count a compromised event of an earlier acquisition or after the release', () => {
      const run = trace(
        turn(1, 0, 1_000),
        told(1_000, 1), // about the previous acquisition, logged before the next cs-enter
        enter(2_000, 1),
        pause(2_100, 1, 30_000),
        turn(2, 28_000, 29_000),
        exit(40_000, 1),
        release(40_000, 1, 'ok'),
        told(41_000, 1), // too late: after the release of this acquisition
      );
      expect(checkSafety(run, options()).violations).toHaveLength(1);
    });
  });

  describe('how long a critical section lasts', () => {
    it('ends at a crash: a dead process is in nothing', () => {
      const run = trace(enter(0, 1), crash(1_000, 1), turn(2, 26_000, 27_000), end(30_000));
      expect(checkSafety(run, options()).violations).toEqual([]);
    });

    it('lasts until the end of the run when never exited', () => {
      const run = trace(enter(0, 1), turn(2, 26_000, 27_000), end(30_000));
      const { violations } = checkSafety(run, options());
      expect(violations).toHaveLength(1);
      expect(violations[0]?.message).toContain('from 26000 ms to 27000 ms');
    });
  });
});
