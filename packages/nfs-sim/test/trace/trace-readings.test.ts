import { describe, expect, it } from 'vitest';
import { collectAcquisitions } from '../../src/trace/acquisitions.js';
import { collectStops } from '../../src/trace/stops.js';
import { inTimeOrder, runEndMs, timeOrder } from '../../src/trace/time-order.js';
import type { TraceEvent } from '../../src/trace/trace-event.js';
import { collectWaits } from '../../src/trace/waits.js';
import { crash, end, enter, exit, pause, release, start } from '../check/support/trace-builder.js';

// Written out of time order on purpose: indices 0..6, time order 1, 2, 4, 5, 0, 3, 6.
const unordered: TraceEvent[] = [
  exit(5, 1),
  start(0, 1),
  enter(1, 1, 7),
  release(6, 1),
  start(2, 2),
  pause(3, 2, 100),
  end(9),
];

describe('time order', () => {
  it('is the trace itself when the trace is in order, else a stable sort by time', () => {
    const ordered = [start(0, 1), enter(0, 1), exit(0, 1)];
    expect(inTimeOrder(ordered)).toBe(ordered);
    expect(timeOrder(ordered)).toEqual([0, 1, 2]);
    expect(timeOrder(unordered)).toEqual([1, 2, 4, 5, 0, 3, 6]);
    expect(inTimeOrder(unordered)).toEqual(timeOrder(unordered).map((i) => unordered[i]));
  });

  it('ends the run at its latest end event, else at its latest event, else at 0', () => {
    expect(runEndMs(unordered)).toBe(9);
    expect(runEndMs([end(4), start(8, 1), end(3)])).toBe(4);
    expect(runEndMs([start(8, 1), start(2, 2)])).toBe(8);
    expect(runEndMs([])).toBe(0);
  });
});

describe('what the checkers and the report read from a trace', () => {
  const events = inTimeOrder(unordered);

  it('gives each acquisition the positions of its entry, its exit and its release', () => {
    expect(collectAcquisitions(events)).toEqual([
      {
        pid: 1,
        client: 'c1',
        token: 7,
        mode: 'write',
        enterIndex: 1,
        enterMs: 1,
        exitMs: 5,
        exitIndex: 4,
        releaseIndex: 5,
        releaseMs: 6,
        crashMs: undefined,
        crashIndex: undefined,
        nextEnterIndex: 7,
      },
    ]);
  });

  it('ends a critical section at a crash, and notes the crash of a holder', () => {
    const [acquisition] = collectAcquisitions([start(0, 1), enter(1, 1), crash(4, 1), end(9)]);
    expect(acquisition).toMatchObject({ exitMs: 4, exitIndex: 2, crashMs: 4, crashIndex: 2 });
    const [open] = collectAcquisitions([start(0, 1), enter(1, 1), end(9)]);
    expect(open).toMatchObject({ exitMs: 9, exitIndex: undefined, releaseIndex: undefined });
  });

  it('gives each wait and stop the positions of the events that start and end it', () => {
    expect(collectWaits(events)).toEqual([
      {
        pid: 1,
        mode: 'write',
        startMs: 0,
        startIndex: 0,
        endMs: 1,
        endIndex: 1,
        endedBy: 'cs-enter',
      },
      {
        pid: 2,
        mode: 'write',
        startMs: 2,
        startIndex: 2,
        endMs: Number.POSITIVE_INFINITY,
        endIndex: undefined,
        endedBy: undefined,
      },
    ]);
    const reading = [
      { t: 0, kind: 'acquire-start', pid: 3, client: 'c3', timeoutMs: null, mode: 'read' },
      { t: 1, kind: 'cs-enter', pid: 3, client: 'c3', mode: 'read' },
    ] as const;
    expect(collectWaits([...reading])[0]?.mode).toBe('read');
    expect(collectAcquisitions([...reading])[0]?.mode).toBe('read');
    expect(collectStops(events)).toEqual([
      { pid: 2, kind: 'pause', atMs: 3, untilMs: 103, index: 3 },
    ]);
  });
});
