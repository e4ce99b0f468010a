import { describe, expect, it } from 'vitest';
import { lifeIntervals } from '../../src/report/intervals.js';
import { inTimeOrder, timeOrder } from '../../src/trace/time-order.js';
import type { TraceEvent } from '../../src/trace/trace-event.js';
import { crash, end, enter, exit, pause, release, start } from '../check/support/trace-builder.js';

/** The intervals of a hand-made trace, each process on the lane of its pid, the run ending at 9. */
function intervalsOf(trace: TraceEvent[]) {
  const frame = { order: timeOrder(trace), laneOf: (pid: number) => pid, endMs: 9 };
  return lifeIntervals(inTimeOrder(trace), frame).sort((a, b) => a.start - b.start);
}

describe('lifeIntervals', () => {
  it('names the events of a trace written out of time order by their index in the trace', () => {
    const trace = [
      exit(5, 1),
      start(0, 1),
      enter(1, 1, 7),
      release(6, 1),
      start(2, 2),
      pause(3, 2, 100),
      end(9),
    ];
    expect(intervalsOf(trace)).toEqual([
      {
        kind: 'waiting',
        lane: 1,
        pid: 1,
        start: 0,
        event: 1,
        token: null,
        end: 1,
        endEvent: 2,
        outcome: 'acquired',
      },
      {
        kind: 'holding',
        lane: 1,
        pid: 1,
        start: 1,
        event: 2,
        token: 7,
        end: 5,
        endEvent: 0,
        outcome: 'exited',
      },
      {
        kind: 'waiting',
        lane: 2,
        pid: 2,
        start: 2,
        event: 4,
        token: null,
        end: 9,
        endEvent: null,
        outcome: 'run ended',
      },
      {
        kind: 'paused',
        lane: 2,
        pid: 2,
        start: 3,
        end: 9,
        token: null,
        event: 5,
        endEvent: null,
        outcome: '100 ms',
      },
      {
        kind: 'releasing',
        lane: 1,
        pid: 1,
        start: 5,
        event: 0,
        token: 7,
        end: 6,
        endEvent: 3,
        outcome: 'ok',
      },
    ]);
  });

  it('ends what a crash interrupts, and a release that failed with its code', () => {
    const crashedWhileReleasing = [start(0, 1), enter(1, 1), exit(2, 1), crash(3, 1), end(9)];
    expect(intervalsOf(crashedWhileReleasing).map((i) => [i.kind, i.end, i.outcome])).toEqual([
      ['waiting', 1, 'acquired'],
      ['holding', 2, 'exited'],
      ['releasing', 3, 'crashed'],
    ]);
    const lost = [start(0, 1), enter(1, 1), exit(2, 1), release(3, 1, 'ECOMPROMISED'), end(9)];
    expect(intervalsOf(lost).at(-1)).toMatchObject({ kind: 'releasing', outcome: 'ECOMPROMISED' });
    const crashedHolding = [start(0, 1), enter(1, 1), crash(4, 1), end(9)];
    expect(intervalsOf(crashedHolding).map((i) => [i.kind, i.end, i.outcome])).toEqual([
      ['waiting', 1, 'acquired'],
      ['holding', 4, 'crashed'],
    ]);
  });
});
