import { describe, expect, it } from 'vitest';
import { checkHygiene } from '../../src/check/hygiene.js';
import type { TraceEvent } from '../../src/trace/trace-event.js';
import {
  crash,
  end,
  exited,
  fault,
  log,
  options,
  pause,
  start,
  trace,
  turn,
} from './support/trace-builder.js';

/** pids 1 and 2 take a turn each and exit cleanly; then the run ends with `files` left. */
function cleanRun(files: string[], ...extra: TraceEvent[]): TraceEvent[] {
  return trace(
    turn(1, 0, 100),
    turn(2, 200, 300),
    exited(400, 1),
    exited(400, 2),
    ...extra,
    end(1_000, files),
  );
}

/** The names of the files reported as leftovers: each message starts with one. */
function leftovers(run: TraceEvent[], lockBasename?: string): (string | undefined)[] {
  const checked = checkHygiene(
    run,
    lockBasename === undefined ? options() : options({ lockBasename }),
  );
  return checked.map((violation) => violation.message.split(' ')[0]);
}

describe('checkHygiene', () => {
  describe('files left at the end of the run', () => {
    it('finds nothing when the directory is empty', () => {
      expect(checkHygiene(cleanRun([]), options())).toEqual([]);
    });

    it('reports the leftover claim file of a pid that exited cleanly, naming it and the pid', () => {
      const violations = checkHygiene(cleanRun(['lock.claim.c2.2.x7k']), options());
      expect(violations).toEqual([
        {
          checker: 'hygiene',
          message: expect.stringContaining('lock.claim.c2.2.x7k (of pid 2'),
          t: 1_000,
          pids: [2],
        },
      ]);
    });

    it('accepts the claim file, tombstone or anything else named after a crashed pid', () => {
      const run = cleanRun(
        ['lock.claim.c3.3.q1', 'lock.tomb.c3.3.q1-1', 'lock.probe.3'],
        crash(500, 3),
      );
      expect(checkHygiene(run, options())).toEqual([]);
    });

    it('does not take pid 12 for pid 2', () => {
      expect(leftovers(cleanRun(['lock.claim.c12.12.q1'], crash(500, 2)))).toEqual([
        'lock.claim.c12.12.q1',
      ]);
    });

    it('reports tombstones and probe files of clean pids', () => {
      expect(leftovers(cleanRun(['lock.tomb.c1.1.q1-1', 'lock.probe']))).toEqual([
        'lock.tomb.c1.1.q1-1',
        'lock.probe',
      ]);
    });

    it('accepts a silly-renamed .nfs file only in a run where someone crashed or a request ran twice', () => {
      expect(leftovers(cleanRun(['.nfs000000000012345600000001']))).toEqual([
        '.nfs000000000012345600000001',
      ]);
      expect(leftovers(cleanRun(['.nfs000000000012345600000001'], crash(500, 3)))).toEqual([]);
      expect(
        leftovers(cleanRun(['.nfs000000000012345600000001'], fault(500, 'drc-miss', 3))),
      ).toEqual([]);
      expect(leftovers(cleanRun(['lock.claim.c1.1.q1'], fault(500, 'drc-miss', 3)))).toEqual([
        'lock.claim.c1.1.q1',
      ]);
    });

    it('accepts files of a pid whose soft mount gave up on a request (it was told with EIO)', () => {
      const timedOut = {
        t: 500,
        kind: 'fault',
        what: 'soft-timeout',
        client: 'c1',
        pid: 1,
      } as const;
      expect(leftovers(cleanRun(['lock.claim.c1.1.q1'], timedOut))).toEqual([]);
      expect(leftovers(cleanRun(['lock.claim.c2.2.q1'], timedOut))).toEqual(['lock.claim.c2.2.q1']);
    });

    it('always accepts the fencing counter and its witnesses', () => {
      expect(leftovers(cleanRun(['lock.fence', 'lock.fence.2']))).toEqual([]);
    });

    it("accepts the fencing counter's scratch file only in a run where someone crashed", () => {
      expect(leftovers(cleanRun(['lock.fence.tmp.x7k']))).toEqual(['lock.fence.tmp.x7k']);
      expect(leftovers(cleanRun(['lock.fence.tmp.x7k'], crash(500, 3)))).toEqual([]);
    });

    it('accepts the lock file and the break guard only after a crash or a pause', () => {
      const files = ['jobs.lock', 'jobs.lock.break'];
      expect(leftovers(cleanRun(files), 'jobs.lock')).toEqual(['jobs.lock', 'jobs.lock.break']);
      expect(leftovers(cleanRun(files, crash(500, 3)), 'jobs.lock')).toEqual([]);
      expect(leftovers(cleanRun(files, pause(150, 1, 60_000)), 'jobs.lock')).toEqual([]);
    });

    it("takes 'lock' as the lock file's name by default", () => {
      expect(leftovers(cleanRun(['lock']))).toEqual(['lock']);
      expect(leftovers(cleanRun(['lock'], pause(500, 1, 60_000)))).toEqual([]);
    });

    it('accepts the files of a pid still running when the run was cut off, and the lock file', () => {
      const cutOff = trace(turn(1, 0, 100), exited(200, 1), turn(2, 300, 400), start(500, 2));
      const files = ['lock', 'lock.break', 'lock.claim.c2.2.q1', '.nfs0001', 'lock.claim.c1.1.q1'];
      expect(leftovers(trace(cutOff, end(1_000, files)))).toEqual(['lock.claim.c1.1.q1']);
    });

    it("reads the pid in flufl.lock's claim names, which use '|'", () => {
      const files = ['lock|c3|3|q1', 'lock|c1|1|q1'];
      expect(leftovers(cleanRun(files, crash(500, 3)))).toEqual(['lock|c1|1|q1']);
    });

    it('judges the files of the last end event, and nothing without one', () => {
      const run = trace(turn(1, 0, 100), exited(200, 1));
      expect(checkHygiene(run, options())).toEqual([]);
      expect(
        leftovers(trace(run, end(300, ['lock.probe']), end(400, ['lock.tomb.c1.1.q']))),
      ).toEqual(['lock.tomb.c1.1.q']);
    });
  });

  describe('error-level log lines', () => {
    it('reports an error logged in a run where nothing went wrong', () => {
      const violations = checkHygiene(
        cleanRun([], log(150, 1, 'error', 'link count -1')),
        options(),
      );
      expect(violations).toEqual([
        {
          checker: 'hygiene',
          message: expect.stringContaining('link count -1'),
          t: 150,
          pids: [1],
        },
      ]);
    });

    it('accepts warnings', () => {
      expect(checkHygiene(cleanRun([], log(150, 1, 'warn')), options())).toEqual([]);
    });

    it('accepts errors in a run with a crash, a pause, a clock step or a soft timeout', () => {
      for (const excuse of [
        crash(500, 3),
        pause(500, 1, 10),
        fault(500, 'clock-step', 3),
        fault(500, 'soft-timeout', 3),
      ]) {
        expect(checkHygiene(cleanRun([], log(150, 1, 'error'), excuse), options())).toEqual([]);
      }
    });

    it('still reports errors after faults that are no excuse', () => {
      const run = cleanRun(
        [],
        log(150, 1, 'error'),
        fault(120, 'lost-reply', 1),
        fault(130, 'estale', 2),
      );
      expect(checkHygiene(run, options())).toHaveLength(1);
    });
  });
});
