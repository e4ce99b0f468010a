import { describe, expect, it } from 'vitest';
import type { Results } from '../src/results.js';
import { checkTargets } from '../src/targets.js';
import { ON_VIEWS } from '../src/workloads/crash-recovery.js';

const machine = {
  date: '2026-01-01T00:00:00.000Z',
  cpu: 'test',
  cores: 2,
  memoryGiB: 1,
  node: 'v20',
  kernel: 'linux',
  filesystem: 'ext4',
};

function uncontended(linklock: number, proper: number, realpath: number, floor: number) {
  const row = (id: string, median: number) => ({
    id,
    label: id,
    settings: '',
    us: { count: 1, median, p95: median, p99: median },
    meanUs: median,
  });
  return {
    rows: [
      row('linklock', linklock),
      row('proper-lockfile', proper),
      row('proper-lockfile-realpath', realpath),
      row('floor-async', floor),
    ],
    linklockOperations: {},
  };
}

describe('targets', () => {
  it('check the uncontended ratios against both proper-lockfile settings and the floor', () => {
    const results: Results = {
      machine,
      quick: true,
      settings: {},
      elapsedS: 1,
      uncontended: uncontended(150, 310, 600, 400),
    };
    const met = () => checkTargets(results).map((target) => target.met);
    // median vs proper-lockfile, vs realpath, vs the floor; mean vs proper-lockfile
    expect(met()).toEqual([true, true, true, false]);
    results.uncontended = uncontended(160, 310, 600, 70);
    expect(met()).toEqual([false, true, false, false]);
    results.uncontended = uncontended(139, 310, 600, 400);
    expect(met()).toEqual([true, true, true, true]);
  });

  it('check the mean uncontended cycle quiet and beside a busy process, each against 0.45×', () => {
    const results: Results = {
      machine,
      quick: true,
      settings: {},
      elapsedS: 1,
      uncontended: uncontended(135, 310, 600, 400),
      uncontendedBusy: uncontended(150, 310, 600, 400),
    };
    const means = () =>
      checkTargets(results)
        .filter((target) => target.name.includes(', mean, '))
        .map((target) => [target.name.split(', mean, ')[1], target.met]);
    expect(means()).toEqual([
      ['quiet', true],
      ['a CPU-bound process on another core', false],
    ]);
    results.uncontendedBusy = uncontended(139, 310, 600, 400);
    expect(means().map(([, met]) => met)).toEqual([true, true]);
  });

  it('check the crash recovery of a remote holder against its remaining lifetime + slop', () => {
    const row = (recoveryMs: number) => ({
      id: 'linklock',
      label: 'linklock',
      case: 'cross-host' as const,
      staleMs: 2_000,
      heldBeforeKillMs: 400,
      recoveryMs,
    });
    const check = (recoveryMs: number) =>
      checkTargets({
        machine,
        quick: true,
        settings: {},
        elapsedS: 1,
        crashRecovery: [row(recoveryMs)],
      })[0]?.met;
    expect(check(2_610)).toBe(true); // 3,000 − 400 = 2,600
    expect(check(100)).toBe(false); // broken long before it expired
    expect(check(9_000)).toBe(false); // waited far too long
  });

  it('check the crash recovery of a remote holder on the bindfs views against lifetime + 1.5 s', () => {
    const check = (recoveryMs: number) =>
      checkTargets({
        machine,
        quick: true,
        settings: {},
        elapsedS: 1,
        crashRecovery: [
          {
            id: 'linklock',
            label: 'linklock',
            case: ON_VIEWS,
            staleMs: 5_000,
            heldBeforeKillMs: 700,
            recoveryMs,
          },
        ],
      })[0];
    expect(check(5_300)).toMatchObject({ met: true, target: '≤ lifetime + 1.5 s = 6500 ms' });
    expect(check(6_500)?.met).toBe(true);
    expect(check(14_700)?.met).toBe(false); // flufl's 10 s of slop
  });

  it('check the hand-off between hosts against flufl.lock: a quarter of its p50, no more load', () => {
    const row = (label: string, p50: number, operations: number) => ({
      label,
      seeds: 1,
      handoffs: 1,
      latencyMs: { median: p50, p95: p50, max: p50 },
      operationsPerWaiterPerSecond: operations,
      operationsPerWait: operations,
      failingSeeds: 0,
    });
    const check = (p50: number, operations: number) =>
      checkTargets({
        machine,
        quick: true,
        settings: {},
        elapsedS: 1,
        nfsHandoff: {
          world: { profile: 'nfs', clients: 4, processes: 4 },
          rows: [row('linklock', p50, operations), row('flufl.lock', 600, 6)],
          pollRows: [],
        },
      }).map((target) => target.met);
    expect(check(150, 6)).toEqual([true, true]);
    expect(check(151, 5)).toEqual([false, true]);
    expect(check(100, 6.1)).toEqual([true, false]);
  });

  it('check nothing for a workload that did not run', () => {
    expect(checkTargets({ machine, quick: true, settings: {}, elapsedS: 1 })).toEqual([]);
  });
});
