import { describe, expect, it } from 'vitest';
import { checkFencing } from '../../src/check/fencing.js';
import { end, enter, exit, options, pause, start, trace, turn } from './support/trace-builder.js';

const fencing = options({ fencing: true });

describe('checkFencing', () => {
  it('accepts tokens that strictly increase, gaps included', () => {
    const run = trace(turn(1, 0, 10, 1), turn(2, 20, 30, 2), turn(1, 40, 50, 5), end(60));
    expect(checkFencing(run, fencing)).toEqual([]);
  });

  it('reports a repeated token, naming both pids and the token', () => {
    const run = trace(turn(1, 0, 10, 1), turn(2, 20, 30, 1));
    expect(checkFencing(run, fencing)).toEqual([
      {
        checker: 'fencing',
        message: expect.stringMatching(/pid 2 .*token 1, already given to pid 1/),
        t: 20,
        pids: [1, 2],
      },
    ]);
  });

  it('reports a repeat of any earlier token, not only the last one', () => {
    const run = trace(turn(1, 0, 10, 1), turn(2, 20, 30, 2), turn(3, 40, 50, 1));
    expect(checkFencing(run, fencing).map((v) => v.pids)).toEqual([[1, 3]]);
  });

  it('reports a decrease, naming the pid with the higher token', () => {
    const run = trace(
      turn(1, 0, 10, 1),
      turn(2, 20, 30, 5),
      turn(3, 40, 50, 3),
      turn(1, 60, 70, 6),
    );
    expect(checkFencing(run, fencing)).toEqual([
      {
        checker: 'fencing',
        message: expect.stringMatching(/pid 3 .*token 3, below token 5 of pid 2/),
        t: 40,
        pids: [2, 3],
      },
    ]);
  });

  it('reports a cs-enter without a token', () => {
    const run = trace(turn(1, 0, 10, 1), enter(20, 2), turn(3, 40, 50, 2));
    expect(checkFencing(run, fencing)).toEqual([
      {
        checker: 'fencing',
        message: expect.stringContaining(
          'pid 2 entered the critical section at 20 ms without a fencing token',
        ),
        t: 20,
        pids: [2],
      },
    ]);
  });

  it('goes by the order of cs-enter events, even with the sections overlapping', () => {
    const run = trace(enter(0, 1, 2), enter(5, 2, 1));
    expect(checkFencing(run, fencing).map((v) => v.pids)).toEqual([[1, 2]]);
  });

  it('checks nothing when fencing is off', () => {
    const run = trace(turn(1, 0, 10, 3), turn(2, 20, 30, 3), enter(40, 3));
    expect(checkFencing(run, options({ fencing: false }))).toEqual([]);
  });

  it('does not hold a token won in a lock call that overlapped the higher holder`s (a pause, a slow reply), but refuses repeats', () => {
    // pid 2 won token 4, then stalled before returning; meanwhile pid 1 took 5..11.
    const stalled = trace(
      start(0, 2),
      pause(1, 2, 30_000),
      turn(1, 2_000, 2_100, 11),
      enter(30_001, 2, 4),
      exit(30_010, 2),
    );
    expect(checkFencing(stalled, fencing)).toEqual([]);
    const repeated = trace(
      start(0, 2),
      pause(1, 2, 30_000),
      turn(1, 2_000, 2_100, 4),
      enter(30_001, 2, 4),
    );
    expect(checkFencing(repeated, fencing).map((v) => v.message)).toEqual([
      expect.stringMatching(/already given/),
    ]);
  });

  it('reports a lower token won in a lock call that began after the higher holder entered', () => {
    const run = trace(turn(1, 2_000, 2_100, 11), start(3_000, 2), enter(3_001, 2, 4));
    expect(checkFencing(run, fencing).map((v) => v.message)).toEqual([
      expect.stringMatching(/below token 11/),
    ]);
  });
});
