import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchChild } from '../children.js';
import {
  countOverlaps,
  handoffGapsNs,
  type Interval,
  inAcquisitionOrder,
  unflatten,
} from '../intervals.js';
import type { Library } from '../libraries.js';
import { type Summary, summarize } from '../stats.js';

export interface ContendedOptions {
  libraries: readonly Library[];
  processCounts: readonly number[];
  acquisitionsPerProcess: number;
  onProgress?(message: string): void;
}

export interface ContendedRow {
  id: string;
  label: string;
  processes: number;
  acquisitions: number;
  acquisitionsPerSecond: number;
  /** Milliseconds from a holder starting its release to another process's acquire returning. */
  handoffMs: Summary;
  /** The share of acquisitions that went to another process than the previous one. */
  handoffShare: number;
  /** Critical sections that overlapped in time, and updates of the counter lost: both must be 0. */
  overlaps: number;
  lostUpdates: number;
  /** CPU seconds used by all the processes together per second of the run. */
  cpuPerSecond: number;
}

/**
 * P processes take one lock over and over, with a critical section that increments a counter
 * file. Libraries alternate per process count, so that each count is measured for all of them
 * under the same conditions.
 */
export async function runContended(options: ContendedOptions): Promise<ContendedRow[]> {
  const rows: ContendedRow[] = [];
  for (const processes of options.processCounts) {
    for (const library of options.libraries) {
      options.onProgress?.(`contended: ${library.label}, ${processes} processes`);
      rows.push(await runOne(library, processes, options.acquisitionsPerProcess));
    }
  }
  return rows;
}

async function runOne(
  library: Library,
  processes: number,
  acquisitions: number,
): Promise<ContendedRow> {
  const root = mkdtempSync(join(tmpdir(), `linklock-bench-contended-${library.id}-`));
  // The lock gets a directory of its own: linklock's waiters watch the lock's directory, and a
  // counter written there at every acquisition would wake each of them for nothing.
  const dir = join(root, 'locks');
  mkdirSync(dir);
  const counter = join(root, 'counter');
  writeFileSync(counter, '0');
  const children = Array.from(
    { length: processes },
    () => new BenchChild({ role: 'contend', library: library.id, dir, counter, acquisitions }),
  );
  try {
    await Promise.all(children.map((child) => child.next('ready')));
    for (const child of children) child.send({ type: 'go' });
    const reports = await Promise.all(children.map((child) => child.next('contended')));
    await Promise.all(children.map((child) => child.exit()));
    const intervals = inAcquisitionOrder(
      reports.flatMap((report, process) => unflatten(process, report.intervals)),
    );
    const total = processes * acquisitions;
    const first = intervals[0] as Interval;
    const last = intervals[intervals.length - 1] as Interval;
    const elapsedS = (last.releasingNs - first.acquiredNs) / 1e9;
    const handoffs = handoffGapsNs(intervals);
    return {
      id: library.id,
      label: library.label,
      processes,
      acquisitions: total,
      acquisitionsPerSecond: total / elapsedS,
      handoffMs: summarize(handoffs.map((ns) => ns / 1e6)),
      handoffShare: handoffs.length / Math.max(1, intervals.length - 1),
      overlaps: countOverlaps(intervals),
      lostUpdates: total - Number(readFileSync(counter, 'utf8')),
      cpuPerSecond: reports.reduce((sum, report) => sum + report.cpuUs, 0) / 1e6 / elapsedS,
    };
  } finally {
    for (const child of children) child.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}
