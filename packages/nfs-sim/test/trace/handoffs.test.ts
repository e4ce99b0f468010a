import { describe, expect, it } from 'vitest';
import { collectCrossHostHandoffs } from '../../src/trace/handoffs.js';
import type { TraceEvent } from '../../src/trace/trace-event.js';
import {
  crash,
  end,
  enter,
  exit,
  gaveUp,
  release,
  start,
  trace,
} from '../check/support/trace-builder.js';

/** pid's acquire-start on an explicit client (the builder puts each pid on `c<pid>`). */
function startOn(t: number, pid: number, client: string): TraceEvent {
  return { t, kind: 'acquire-start', pid, client, timeoutMs: null };
}
function enterOn(t: number, pid: number, client: string): TraceEvent {
  return { t, kind: 'cs-enter', pid, client };
}

const latencies = (events: TraceEvent[]) =>
  collectCrossHostHandoffs(events).map(({ fromPid, toPid, latencyMs }) => [
    fromPid,
    toPid,
    latencyMs,
  ]);

describe('cross-host hand-offs', () => {
  it('times a hand-off from the start of the release to the waiter holding the lock', () => {
    const events = trace(
      start(0, 1),
      enter(0, 1),
      start(5, 2),
      exit(100, 1),
      release(104, 1),
      enter(130, 2),
      end(200),
    );
    expect(collectCrossHostHandoffs(events)).toEqual([
      {
        fromPid: 1,
        fromClient: 'c1',
        releaseStartMs: 100,
        releasedMs: 104,
        toPid: 2,
        toClient: 'c2',
        acquiredMs: 130,
        latencyMs: 30,
      },
    ]);
  });

  it('counts a waiter that got in before the release call returned', () => {
    const events = trace(start(0, 1), enter(0, 1), start(5, 2), exit(100, 1), enter(102, 2));
    events.push(release(104, 1));
    expect(latencies(trace(...events))).toEqual([[1, 2, 2]]);
  });

  it('leaves out a hand-off on the same client', () => {
    const events = trace(
      startOn(0, 1, 'a'),
      enterOn(0, 1, 'a'),
      startOn(5, 2, 'a'),
      exit(100, 1),
      release(104, 1),
      enterOn(130, 2, 'a'),
    );
    expect(collectCrossHostHandoffs(events)).toEqual([]);
  });

  it('leaves out a process that began to wait after the release began', () => {
    const events = trace(start(0, 1), enter(0, 1), exit(100, 1), start(101, 2), enter(102, 2));
    events.push(release(104, 1));
    expect(collectCrossHostHandoffs(trace(...events))).toEqual([]);
  });

  it('keeps waiting through the holder taking the lock again, once per release', () => {
    const events = trace(
      start(0, 1),
      enter(0, 1),
      start(5, 2),
      exit(100, 1),
      release(104, 1),
      start(110, 1),
      enter(112, 1),
      exit(150, 1),
      release(154, 1),
      enter(400, 2),
    );
    expect(latencies(events)).toEqual([
      [1, 2, 300],
      [1, 2, 250],
    ]);
  });

  it('takes the first of several waiters on other clients to get in', () => {
    const events = trace(
      start(0, 1),
      enter(0, 1),
      start(5, 2),
      start(6, 3),
      exit(100, 1),
      release(104, 1),
      enter(170, 3),
      exit(180, 3),
      release(185, 3),
      enter(190, 2),
    );
    expect(latencies(events)).toEqual([
      [1, 3, 70],
      [3, 2, 10],
    ]);
  });

  it('has no hand-off after a crash, a failed release, or when every waiter gave up', () => {
    expect(
      latencies(trace(start(0, 1), enter(0, 1), start(5, 2), crash(50, 1), enter(25_100, 2))),
    ).toEqual([]);
    expect(
      latencies(
        trace(
          start(0, 1),
          enter(0, 1),
          start(5, 2),
          exit(100, 1),
          release(104, 1, 'ECOMPROMISED'),
          enter(130, 2),
        ),
      ),
    ).toEqual([]);
    expect(
      latencies(
        trace(start(0, 1), enter(0, 1), start(5, 2), exit(100, 1), release(104, 1), gaveUp(120, 2)),
      ),
    ).toEqual([]);
  });
});
