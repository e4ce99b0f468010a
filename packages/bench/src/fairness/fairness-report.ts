import type { Section } from '../table.js';
import type { Target } from '../targets.js';
import type { FairnessResult, FairnessRow } from '../workloads/fairness.js';

/** The fairness workload's table. */
export function fairnessSection(result: FairnessResult): Section {
  return {
    title: 'Fairness: P processes taking one lock in a loop, waiting time per acquisition',
    rows: [
      [
        'library',
        'P',
        'acquisitions/s',
        'wait p50 ms',
        'wait p99 ms',
        'wait max ms',
        "Jain's index",
        'overlaps',
      ],
      ...result.rows.map((row) => [
        row.label,
        String(row.processes),
        row.acquisitionsPerSecond.toFixed(0),
        row.waitMs.p50.toFixed(1),
        row.waitMs.p99.toFixed(1),
        row.waitMs.max.toFixed(0),
        row.jain.toFixed(3),
        String(row.overlaps),
      ]),
    ],
    note: [
      'Each process asks again as soon as it has released, for the whole run; the wait runs from `lock()` called to held.',
      "Jain's index is over the acquisitions each process made: 1 when all made as many, 1/P when one made them all.",
      'py-filelock runs as Python processes with its defaults (poll 0.05 s).',
      result.skipped,
    ]
      .filter((line) => line !== undefined)
      .join(' '),
  };
}

/** Peers whose wait the fair mode is held against (linklock's own rows are not peers). */
const PEERS = (row: FairnessRow) => !row.id.startsWith('linklock');

/**
 * At each process count: linklock's fair mode against the best peer's 99th percentile wait,
 * at no less throughput than proper-lockfile's 1 ms poll.
 */
export function fairnessTargets(result: FairnessResult | undefined): Target[] {
  if (result === undefined) return [];
  const counts = [...new Set(result.rows.map((row) => row.processes))];
  return counts.flatMap((processes) => {
    const rows = result.rows.filter((row) => row.processes === processes);
    const fair = rows.find((row) => row.id === 'linklock-fair');
    const poll = rows.find((row) => row.id === 'proper-lockfile-poll');
    const best = rows.filter(PEERS).sort((a, b) => a.waitMs.p99 - b.waitMs.p99)[0];
    if (fair === undefined || poll === undefined || best === undefined) return [];
    return [
      {
        name: `wait p99 of linklock (fair: true) vs the best peer's (${best.label}), ${processes} processes`,
        target: '≤ 0.50× its wait',
        measured: `${(fair.waitMs.p99 / best.waitMs.p99).toFixed(2)}× (${fair.waitMs.p99.toFixed(1)} vs ${best.waitMs.p99.toFixed(1)} ms)`,
        met: fair.waitMs.p99 <= best.waitMs.p99 / 2,
      },
      {
        name: `throughput of linklock (fair: true) vs proper-lockfile (poll 1 ms), ${processes} processes`,
        target: '≥ 1.00× its acquisitions/s',
        measured: `${(fair.acquisitionsPerSecond / poll.acquisitionsPerSecond).toFixed(2)}× (${fair.acquisitionsPerSecond.toFixed(0)} vs ${poll.acquisitionsPerSecond.toFixed(0)})`,
        met: fair.acquisitionsPerSecond >= poll.acquisitionsPerSecond,
      },
    ];
  });
}
