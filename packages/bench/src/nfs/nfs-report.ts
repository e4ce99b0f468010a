import type { Section } from '../table.js';
import type { NfsResult, NfsRow } from '../workloads/nfs.js';
import { formatCalls, formatCount } from './procedure-calls.js';

export const NFS_TITLE = 'NFS: uncontended acquire + release over NfsAdapter';

/** The nfs workload's table, its per-procedure breakdown and the server below it. */
export function nfsSection(result: NfsResult): Section {
  if (result.status === 'skipped') {
    return { title: NFS_TITLE, rows: [], note: `Skipped: ${result.reason}` };
  }
  const { server, rows } = result;
  const cycles = rows[0]?.laterCycles.cycles ?? 0;
  return {
    title: NFS_TITLE,
    rows: [
      [
        'algorithm',
        'calls, first cycle',
        'calls per cycle',
        'median ms',
        'p95 ms',
        'mean ms',
        'retransmissions',
        'connections',
      ],
      ...rows.map((row) => [
        row.label,
        formatCount(row.firstCycle.total),
        formatCount(row.laterCycles.total),
        row.ms.median.toFixed(2),
        row.ms.p95.toFixed(2),
        row.ms.mean.toFixed(2),
        String(row.retransmissions),
        String(row.connections),
      ]),
    ],
    note: [
      `NFS calls per acquire + release by procedure: the mean of the ${cycles} cycles after the first, then the first cycle where it differs:`,
      '',
      ...rows.map(breakdownLine),
      '',
      `Server: ${server.version}, ${server.url}, ${server.startedByBench ? 'started for this run' : 'already running'}.`,
    ].join('\n'),
  };
}

/** `- label: LOOKUP 2, ...; first cycle: LOOKUP 6, ...` (the first only when it differs). */
export function breakdownLine(row: NfsRow): string {
  const later = formatCalls(row.laterCycles.byProcedure);
  const first = formatCalls(row.firstCycle.byProcedure);
  return `- ${row.label}: ${later}${first === later ? '' : `; first cycle: ${first}`}`;
}

/** The method, as docs/benchmarks.md states it. */
export const NFS_METHOD = `- **NFS**: linklock (\`createLock(path, { fs })\` with its defaults) and the ports of GNU
  Mailman 2.1's \`LockFile.py\` and flufl.lock from \`@linklock/nfs-sim\` (lifetime 15 s, clock
  slop 10 s, the real clock, randomness and host identity), each over its own \`NfsAdapter\`
  (\`@linklock/nfs\`: NFSv3 over TCP spoken by the process itself, no kernel mount, nothing
  cached but directory handles) to nfs-ganesha on 127.0.0.1: the server scripts/nfs/setup.sh
  runs, or else one the bench starts from a temporary root and stops; each run locks in a
  fresh directory of the export, removed afterwards. *NFS calls* are the RPCs the adapter
  sent, by procedure, taken as differences of its \`statistics()\` before and after: the first
  acquire + release on a fresh connection, and the mean over every later cycle of the run,
  warm-up included. The first cycle also looks up the lock's directory (its handle is cached
  afterwards), and linklock measures the server's clock for its filesystem-time mode there:
  it stats its new claim and rewrites the claim's expiry (a probe file serves when no claim is
  being made); the measurement is renewed every 60 s, which the mean includes. A
  retransmitted request is not a second call: retransmissions and TCP connections are counted
  apart. Latency: after a warm-up, rounds as in *Uncontended*, every algorithm once per round
  in rotating order; median, p95 and mean in milliseconds. Loopback round trips: over a real
  network each call costs a network round trip more, so the call counts are what carries over.`;
