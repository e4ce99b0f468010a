import { fairnessTargets } from './fairness/fairness-report.js';
import type { Results } from './results.js';
import { ON_VIEWS } from './workloads/crash-recovery.js';
import { VIEWS_RECOVERY_MARGIN_MS } from './workloads/crash-views.js';

/** One target of the performance issue, checked against a run. */
export interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

const ratio = (value: number) => `${value.toFixed(2)}×`;

/** The targets that the run can check; a workload that was not run checks nothing. */
export function checkTargets(results: Results): Target[] {
  return [
    ...uncontended(results),
    ...uncontendedMeans(results),
    ...contended(results),
    ...fairnessTargets(results.fairness),
    ...waiting(results),
    ...crash(results),
    ...handoffBetweenHosts(results),
  ];
}

function uncontended({ uncontended }: Results): Target[] {
  if (uncontended === undefined) return [];
  const median = (id: string) => uncontended.rows.find((row) => row.id === id)?.us.median;
  const linklock = median('linklock');
  if (linklock === undefined) return [];
  const targets: Target[] = [];
  for (const [id, name] of [
    ['proper-lockfile', 'proper-lockfile, realpath off'],
    ['proper-lockfile-realpath', 'proper-lockfile, realpath on'],
  ] as const) {
    const peer = median(id);
    if (peer === undefined) continue;
    targets.push({
      name: `uncontended acquire + release vs ${name}`,
      target: '≤ 0.50× its time',
      measured: `${ratio(linklock / peer)} (${linklock.toFixed(0)} vs ${peer.toFixed(0)} µs)`,
      met: linklock / peer <= 0.5,
    });
  }
  const floor = median('floor-async');
  if (floor !== undefined) {
    targets.push({
      name: 'uncontended acquire + release vs the async system-call floor',
      target: '≤ 2× its time',
      measured: `${ratio(linklock / floor)} (${linklock.toFixed(0)} vs ${floor.toFixed(0)} µs)`,
      met: linklock / floor <= 2,
    });
  }
  return targets;
}

/**
 * The mean cycle against proper-lockfile's (realpath off), on a quiet machine and with a
 * CPU-bound process on another core: means, because a lock's cost is paid on average.
 */
function uncontendedMeans(results: Results): Target[] {
  const runs = [
    ['quiet', results.uncontended],
    ['a CPU-bound process on another core', results.uncontendedBusy],
  ] as const;
  return runs.flatMap(([when, result]) => {
    const meanOf = (id: string) => result?.rows.find((row) => row.id === id)?.meanUs;
    const linklock = meanOf('linklock');
    const peer = meanOf('proper-lockfile');
    if (linklock === undefined || peer === undefined) return [];
    return [
      {
        name: `uncontended acquire + release vs proper-lockfile, realpath off, mean, ${when}`,
        target: '≤ 0.45× its time',
        measured: `${ratio(linklock / peer)} (${linklock.toFixed(0)} vs ${peer.toFixed(0)} µs)`,
        met: linklock / peer <= 0.45,
      },
    ];
  });
}

function contended({ contended }: Results): Target[] {
  if (contended === undefined) return [];
  const processes = contended.some((row) => row.processes === 8)
    ? 8
    : Math.max(...contended.map((row) => row.processes));
  const at = (id: string) => contended.find((row) => row.id === id && row.processes === processes);
  const linklock = at('linklock');
  const peer = at('proper-lockfile');
  if (linklock === undefined) return [];
  const targets: Target[] = [];
  if (peer !== undefined) {
    const times = linklock.acquisitionsPerSecond / peer.acquisitionsPerSecond;
    targets.push({
      name: `${processes} processes: acquisitions per second vs proper-lockfile`,
      target: '≥ 10×',
      measured: `${ratio(times)} (${linklock.acquisitionsPerSecond.toFixed(0)} vs ${peer.acquisitionsPerSecond.toFixed(0)} /s)`,
      met: times >= 10,
    });
  }
  targets.push(
    {
      name: `${processes} processes: hand-off latency p50`,
      target: '< 2 ms',
      measured: `${linklock.handoffMs.median.toFixed(2)} ms`,
      met: linklock.handoffMs.median < 2,
    },
    {
      name: `${processes} processes: hand-off latency p99`,
      target: '< 20 ms',
      measured: `${linklock.handoffMs.p99.toFixed(2)} ms`,
      met: linklock.handoffMs.p99 < 20,
    },
  );
  return targets;
}

function waiting({ waitingCpu }: Results): Target[] {
  if (waitingCpu === undefined) return [];
  const linklock = waitingCpu.find((row) => row.id === 'linklock');
  if (linklock === undefined) return [];
  return waitingCpu
    .filter((row) => row.id.startsWith('proper-lockfile'))
    .map((peer) => ({
      name: `CPU of a waiter while the lock is held ${linklock.holdMs / 1_000} s, vs ${peer.label}`,
      target: 'below it',
      measured: `${linklock.cpuMsPerWaiter.toFixed(1)} vs ${peer.cpuMsPerWaiter.toFixed(1)} ms`,
      met: linklock.cpuMsPerWaiter < peer.cpuMsPerWaiter,
    }));
}

function crash({ crashRecovery }: Results): Target[] {
  if (crashRecovery === undefined) return [];
  const targets: Target[] = [];
  for (const row of crashRecovery.filter((candidate) => candidate.id === 'linklock')) {
    if (row.case === ON_VIEWS) {
      // Issue 20: the default slop on the server's clock is about 1 s, not flufl's 10 s.
      const bound = row.staleMs + VIEWS_RECOVERY_MARGIN_MS;
      targets.push({
        name: 'crash recovery, other host on the bindfs views (expiry, default slop)',
        target: `≤ lifetime + ${VIEWS_RECOVERY_MARGIN_MS / 1000} s = ${bound} ms`,
        measured: `${row.recoveryMs.toFixed(0)} ms`,
        met: row.recoveryMs <= bound,
      });
    } else if (row.case === 'same-host') {
      targets.push({
        name: 'crash recovery, same host (pid provably dead)',
        target: '< 100 ms',
        measured: `${row.recoveryMs.toFixed(0)} ms`,
        met: row.recoveryMs < 100,
      });
    } else {
      // The bench gives linklock lifetime = staleMs and clockSlop = staleMs / 2; the lock
      // expires a lifetime after its acquisition, the holder was killed some time after that.
      const expected = row.staleMs * 1.5 - row.heldBeforeKillMs;
      targets.push({
        name: 'crash recovery, other host (expiry)',
        target: `lifetime + slop − time held = ${expected.toFixed(0)} ms`,
        measured: `${row.recoveryMs.toFixed(0)} ms`,
        met: row.recoveryMs >= expected - 50 && row.recoveryMs <= expected + 1_000,
      });
    }
  }
  return targets;
}

/** Issue 20: a waiter on another host finds a release 4× sooner than flufl.lock's, at no more load. */
function handoffBetweenHosts({ nfsHandoff }: Results): Target[] {
  if (nfsHandoff === undefined) return [];
  const linklock = nfsHandoff.rows.find((row) => row.label === 'linklock');
  const flufl = nfsHandoff.rows.find((row) => row.label === 'flufl.lock');
  if (linklock === undefined || flufl === undefined) return [];
  const times = linklock.latencyMs.median / flufl.latencyMs.median;
  const load = linklock.operationsPerWaiterPerSecond;
  const fluflLoad = flufl.operationsPerWaiterPerSecond;
  return [
    {
      name: 'NFS simulator: hand-off between hosts p50 vs flufl.lock',
      target: '≤ 0.25× its time',
      measured: `${ratio(times)} (${linklock.latencyMs.median.toFixed(1)} vs ${flufl.latencyMs.median.toFixed(1)} ms)`,
      met: times <= 0.25,
    },
    {
      name: 'NFS simulator: file operations per waiter per second vs flufl.lock',
      target: 'no more than it',
      measured: `${load.toFixed(1)} vs ${fluflLoad.toFixed(1)}`,
      met: load <= fluflLoad,
    },
  ];
}
