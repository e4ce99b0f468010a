import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Interval,
  layoutRun,
  type RunLayout,
  type SimulationResult,
  simulate,
} from '../../src/index.js';
import { loadRuns, type Runs } from './runs.js';

let runs: Runs;

beforeAll(async () => {
  runs = await loadRuns();
}, 120_000);

const all = () => Object.values(runs) as SimulationResult[];

function holdings(layout: RunLayout): Interval[] {
  return layout.intervals.filter((interval) => interval.kind === 'holding');
}

/** Pairs of holding intervals of different pids that overlap (one entered before the other left). */
function overlaps(layout: RunLayout): [Interval, Interval][] {
  const sorted = holdings(layout).sort((a, b) => a.start - b.start);
  const pairs: [Interval, Interval][] = [];
  sorted.forEach((a, index) => {
    for (const b of sorted.slice(index + 1)) {
      if (b.start >= a.end) break;
      if (b.pid !== a.pid) pairs.push([a, b]);
    }
  });
  return pairs;
}

describe('layoutRun', () => {
  it("groups one lane per process under its client host, as the run's options spawned them", () => {
    for (const result of all()) {
      const layout = layoutRun(result);
      expect(layout.hosts.map((host) => host.name)).toEqual(
        result.options.clients.map((c) => c.name),
      );
      expect(layout.hosts.map((host) => host.pids.length)).toEqual(
        result.options.processesPerClient,
      );
      const processLanes = layout.lanes.filter((lane) => lane.kind === 'process');
      expect(processLanes).toHaveLength(result.options.processesPerClient.reduce((a, b) => a + b));
      // Every process the trace shows is on the lane of the host it says it ran on.
      for (const event of result.trace) {
        if (event.kind !== 'op' && event.kind !== 'cs-enter') continue;
        const lane = processLanes.find((l) => l.pid === event.pid);
        expect(lane?.host, `pid ${event.pid}`).toBe(event.client);
      }
      for (const host of layout.hosts) {
        expect(host.lanes.map((i) => layout.lanes[i]!.pid)).toEqual([null, ...host.pids]);
      }
    }
  });

  it('gives every holding interval a start before its end, and ties it to its trace events', () => {
    for (const result of all()) {
      const layout = layoutRun(result);
      expect(holdings(layout).length).toBe(result.stats.acquisitions);
      for (const interval of layout.intervals) {
        if (interval.kind === 'holding') expect(interval.start).toBeLessThan(interval.end);
        else expect(interval.start).toBeLessThanOrEqual(interval.end);
        const opened = result.trace[interval.event]!;
        expect(opened.t).toBe(interval.start);
        if (interval.kind === 'holding') expect(opened.kind).toBe('cs-enter');
        if (interval.kind === 'waiting') expect(opened.kind).toBe('acquire-start');
        if (interval.endEvent !== null && interval.kind !== 'paused')
          expect(result.trace[interval.endEvent]!.t).toBe(interval.end);
      }
    }
  });

  it('colours holdings by fencing token when the lock gives tokens', () => {
    const layout = layoutRun(runs.cleanLinklock);
    const tokens = runs.cleanLinklock.trace.flatMap((e) =>
      e.kind === 'cs-enter' && e.token !== undefined ? [e.token] : [],
    );
    expect(layout.tokens).toEqual([...new Set(tokens)].sort((a, b) => a - b));
    expect(holdings(layout).map((h) => h.token)).toEqual(
      tokens.length > 0 ? tokens : holdings(layout).map(() => null),
    );
  });

  it('has no overlapping holdings in a clean linklock run', () => {
    for (const result of [runs.cleanLinklock, runs.lossy]) {
      expect(result.violations).toEqual([]);
      expect(result.reportedOverlaps).toBe(0);
      expect(overlaps(layoutRun(result))).toEqual([]);
    }
  });

  it("overlaps holdings exactly where the safety checker reported Mailman's double holders", () => {
    const result = runs.mailmanSafety;
    const layout = layoutRun(result);
    const safety = layout.violations.filter((v) => v.checker === 'safety');
    expect(safety.length).toBeGreaterThan(0);
    for (const violation of safety) {
      expect(violation.start).toBeLessThan(violation.end);
      const [a, b] = violation.pids;
      const covering = (pid: number | undefined) =>
        holdings(layout).find(
          (h) => h.pid === pid && h.start <= violation.start && h.end >= violation.end,
        );
      expect(covering(a), `pid ${a}`).toBeDefined();
      expect(covering(b), `pid ${b}`).toBeDefined();
      expect(violation.lanes).toEqual(violation.pids.map((pid) => laneOfPid(layout, pid)));
      expect(result.trace[violation.event!]).toMatchObject({ kind: 'cs-enter', pid: b });
    }
    // And every overlap of holdings is one the checker reported.
    for (const [a, b] of overlaps(layout)) {
      expect(
        safety.some((v) => v.pids.includes(a.pid) && v.pids.includes(b.pid)),
        `${a.pid} and ${b.pid} at ${b.start}`,
      ).toBe(true);
    }
  });

  it("shows every violation of a failing run, with the checker's message", () => {
    for (const result of [runs.mailmanFirstFailing, runs.mailmanSafety]) {
      const layout = layoutRun(result);
      expect(result.violations.length).toBeGreaterThan(0);
      expect(layout.violations.map((v) => [v.checker, v.message, v.pids])).toEqual(
        result.violations.map((v) => [v.checker, v.message, v.pids]),
      );
      for (const [index, mark] of layout.violations.entries()) {
        const violation = result.violations[index]!;
        expect(mark.start).toBeLessThanOrEqual(violation.t);
        expect(mark.end).toBeGreaterThanOrEqual(violation.t);
        expect(mark.lanes.length).toBeGreaterThan(0);
      }
    }
  });

  it('places a marker on every injected fault, on the process, host or server it hit', () => {
    for (const result of [runs.lossy, runs.chaos]) {
      const layout = layoutRun(result);
      const byEvent = new Map(layout.markers.map((marker) => [marker.event, marker]));
      result.trace.forEach((event, index) => {
        if (event.kind !== 'fault' && event.kind !== 'crash' && event.kind !== 'pause') return;
        const marker = byEvent.get(index);
        expect(marker?.kind, `${event.kind} #${index}`).toBe(
          event.kind === 'fault' ? event.what : event.kind,
        );
        expect(marker?.time).toBe(event.t);
        const lane = layout.lanes[marker!.lane]!;
        if ('pid' in event && event.pid !== undefined) expect(lane.pid).toBe(event.pid);
        else if ('client' in event && event.client !== undefined) {
          expect(lane).toMatchObject({ kind: 'host', host: event.client });
        } else expect(lane.kind).toBe('server');
      });
    }
    const kinds = new Set(layoutRun(runs.chaos).markers.map((marker) => marker.kind));
    for (const kind of ['crash', 'pause', 'server-restart'] as const) expect(kinds).toContain(kind);
    const lossyKinds = new Set(layoutRun(runs.lossy).markers.map((marker) => marker.kind));
    for (const kind of ['lost-request', 'lost-reply', 'drc-miss'] as const)
      expect(lossyKinds).toContain(kind);
  });

  it('draws a pause as an interval of its length and ties an operation to the faults it met', () => {
    const chaos = layoutRun(runs.chaos);
    const pauses = runs.chaos.trace.filter((e) => e.kind === 'pause');
    expect(chaos.intervals.filter((i) => i.kind === 'paused')).toHaveLength(pauses.length);
    const lossy = layoutRun(runs.lossy);
    const withFaults = lossy.markers.filter((m) => m.related !== undefined);
    expect(withFaults.length).toBeGreaterThan(0);
    for (const marker of withFaults) {
      const op = runs.lossy.trace[marker.event]!;
      for (const index of marker.related!) {
        const fault = runs.lossy.trace[index]!;
        expect(fault).toMatchObject({ kind: 'fault', pid: 'pid' in op ? op.pid : -1 });
        expect(index).toBeLessThan(marker.event);
      }
    }
  });

  it('keeps, for every marker, the index of a trace event at its time', () => {
    for (const result of all()) {
      const layout = layoutRun(result);
      for (const marker of layout.markers) expect(result.trace[marker.event]!.t).toBe(marker.time);
      // Every trace event is reachable from some mark (a marker or an interval's edge).
      const reached = new Set<number>(layout.markers.map((m) => m.event));
      for (const i of layout.intervals) {
        reached.add(i.event);
        if (i.endEvent !== null) reached.add(i.endEvent);
      }
      const missed = result.trace.flatMap((e, index) =>
        reached.has(index) ? [] : [[index, e.kind]],
      );
      expect(missed).toEqual([]);
    }
  });

  it('gives the replay command, with counts the profile would not draw by itself', async () => {
    const layout = layoutRun(runs.mailmanSafety);
    expect(layout.replay).toBe(
      `linklock simulate --seed ${runs.mailmanSafety.seed} --profile nfs --algorithm mailman21`,
    );
    expect(layout.replayNote).toBeNull();
    const bigger = await simulate({ seed: 4, profile: 'lossy', processes: 6, clients: 3 });
    expect(layoutRun(bigger)).toMatchObject({
      replay:
        'linklock simulate --seed 4 --profile lossy --algorithm linklock --clients 3 --processes 6',
      replayNote: null,
    });
    const longer = await simulate({ seed: 4, profile: 'lossy', iterations: 2 });
    expect(layoutRun(longer).replayNote).toContain('workload');
  });

  it('is pure: the same result gives the same layout and stays untouched', () => {
    const result = runs.chaos;
    const before = JSON.stringify(result);
    expect(layoutRun(result)).toEqual(layoutRun(result));
    expect(JSON.stringify(result)).toBe(before);
  });
});

function laneOfPid(layout: RunLayout, pid: number): number {
  return layout.lanes.find((lane) => lane.pid === pid)!.index;
}
