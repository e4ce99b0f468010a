import type { Section } from '../table.js';
import type { SharedResult } from '../workloads/shared.js';

const fixed = (value: number, digits = 0) => value.toFixed(digits);

export const SHARED_METHOD = `- **Shared locks (rw)**: linklock's \`createReadWriteLock\` and py-filelock's
  \`SoftReadWriteLock\` (its defaults: heartbeat 30 s, poll 0.25 s), each driven by a worker
  process of its own language that runs the same loop (packages/bench/src/rw/worker.ts and
  packages/bench/py/soft_rw_worker.py), timed on the machine's monotonic clock. *Uncontended*:
  one process, acquire + release of one kind over and over; the time of the acquire call plus
  that of the release call. *8 readers + 1 writer*: nine processes on one lock, each acquiring
  back to back; inside, each puts a marker file and checks (a writer finds no marker but its own,
  a reader no writer's) and the writer increments a counter that the readers check is unchanged
  while they read; acquisitions per second of each kind while all nine contend (from the last
  process's first request to the first process's last release, start-up left out), the
  writer's waits, the most readers inside at once. Overlaps must be 0.`;

/** The rw workload's table, with py-filelock's row when it was measured. */
export function sharedSection(shared: SharedResult): Section {
  return {
    title: 'Shared locks: read and write acquire + release, and 8 readers + 1 writer',
    rows: [
      [
        'library',
        'read ms p50',
        'read ms p95',
        'write ms p50',
        'write ms p95',
        'reads/s',
        'writes/s',
        'writer wait p50 ms',
        'writer wait max ms',
        'readers at once',
        'overlaps',
      ],
      ...shared.rows.map((row) => [
        row.label,
        fixed(row.readMs.median, 2),
        fixed(row.readMs.p95, 2),
        fixed(row.writeMs.median, 2),
        fixed(row.writeMs.p95, 2),
        fixed(row.readsPerSecond),
        fixed(row.writesPerSecond),
        fixed(row.writerWaitMs.median, 1),
        fixed(row.writerWaitMaxMs, 1),
        String(row.maxConcurrentReaders),
        String(row.overlaps),
      ]),
    ],
    ...(shared.skipped === undefined ? {} : { note: shared.skipped }),
  };
}
