import type { Section } from '../table.js';
import type { NfsHandoffResult, NfsHandoffRow } from '../workloads/nfs-handoff.js';

export const HANDOFF_TITLE = 'NFS simulator: hand-off between hosts';
export const POLL_TITLE = 'NFS simulator: linklock’s poll interval, hand-off latency against load';

const HEADER = [
  'algorithm',
  'seeds',
  'hand-offs',
  'p50 ms',
  'p95 ms',
  'max ms',
  'ops per waiter per s',
  'ops per wait',
  'failing seeds',
];

/** The nfs-handoff workload's two tables: the algorithms, then linklock's poll schedules. */
export function handoffSections(result: NfsHandoffResult): Section[] {
  const { clients, processes } = result.world;
  return [
    {
      title: HANDOFF_TITLE,
      rows: [HEADER, ...result.rows.map(cells)],
      note: `The \`${result.world.profile}\` profile with ${processes} processes on ${clients} clients (one each): every waiter is on another host than the holder. *Failing seeds*: runs where the simulator's checkers found a violation (flufl.lock's and Mailman 2.1's known races, docs/simulator.md).`,
    },
    {
      title: POLL_TITLE,
      rows: [HEADER, ...result.pollRows.map(cells)],
      note: 'The same seeds, linklock with `retry: { minDelay, maxDelay }` (its only polling schedule where no directory watch sees other hosts): a waiter polls more often for a shorter hand-off and sends more file operations for it.',
    },
  ];
}

function cells(row: NfsHandoffRow): string[] {
  return [
    row.label,
    String(row.seeds),
    String(row.handoffs),
    row.latencyMs.median.toFixed(1),
    row.latencyMs.p95.toFixed(0),
    row.latencyMs.max.toFixed(0),
    row.operationsPerWaiterPerSecond.toFixed(1),
    row.operationsPerWait.toFixed(1),
    String(row.failingSeeds),
  ];
}

export const HANDOFF_METHOD = `- **NFS simulator, hand-off between hosts** (\`--only nfs-handoff\`): on NFS a directory watch
  never sees a release on another host, so a waiter there notices it only by polling. The same
  seeds of the simulator (\`@linklock/nfs-sim\`, virtual time: independent of the machine and its
  load) for linklock and the ports of flufl.lock and Mailman 2.1. A *hand-off* is a release
  during which a process on another client was waiting; its latency runs from the start of the
  release (the holder's critical section ending: a lock can be free before its release call
  returns) to the first of those waiters holding the lock, and includes others taking it
  meanwhile (the releasing host again; a holder that then died, whose expiry makes the max).
  *Ops per waiter per s*: the file operations waiting
  processes sent while another process held the lock (its critical section; a dead holder until
  the next acquisition), over the time they waited so; \`tryLock()\` calls are left out.
  *Ops per wait*: the same operations over the waits they were sent in. A wait has a fixed
  part whatever its length (linklock: its claim, a first link and a look at the holder), so an
  algorithm that hands over sooner waits less per acquisition and spreads that part over fewer
  seconds: its rate per second rises even where each wait costs the server no more.`;
