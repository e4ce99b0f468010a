import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { scratchDirectory } from '../scratch.js';
import { type Summary, summarize } from '../stats.js';

export interface ContendedOptions {
  libraries: readonly Library[];
  processCounts: readonly number[];
  acquisitionsPerProcess: number;
  /** Runs of every (library, process count); the runs of one round alternate between libraries. */
  rounds: number;
  onProgress?(message: string): void;
}

export interface ContendedRow {
  id: string;
  label: string;
  processes: number;
  /** Over all rounds. */
  acquisitions: number;
  /** The median of the rounds. */
  acquisitionsPerSecond: number;
  /** Milliseconds from a holder starting its release to another process's acquire returning (all rounds). */
  handoffMs: Summary;
  /** The share of acquisitions that went to another process than the previous one. */
  handoffShare: number;
  /** Critical sections that overlapped in time, and updates of the counter lost: both must be 0. */
  overlaps: number;
  lostUpdates: number;
  /** CPU seconds used by all the processes together per second of the run (median of the rounds). */
  cpuPerSecond: number;
}

/**
 * P processes take one lock over and over, with a critical section that increments a counter
 * file. Each round runs every library at every process count, one after the other, so that a
 * noisy stretch of the machine's time falls on all of them rather than on one; the rounds are
 * then combined.
 */
export async function runContended(options: ContendedOptions): Promise<ContendedRow[]> {
  const runs = new Map<string, Run[]>();
  for (let round = 1; round <= options.rounds; round += 1) {
    for (const processes of options.processCounts) {
      for (const library of options.libraries) {
        options.onProgress?.(
          `contended: ${library.label}, ${processes} processes (round ${round}/${options.rounds})`,
        );
        const key = `${processes}/${library.id}`;
        const run = await runOne(library, processes, options.acquisitionsPerProcess);
        runs.set(key, [...(runs.get(key) ?? []), run]);
      }
    }
  }
  return options.processCounts.flatMap((processes) =>
    options.libraries.map((library) =>
      combine(library, processes, runs.get(`${processes}/${library.id}`) ?? []),
    ),
  );
}

/** What one run of one library at one process count measured. */
interface Run {
  acquisitions: number;
  acquisitionsPerSecond: number;
  handoffGapsMs: number[];
  intervals: number;
  overlaps: number;
  lostUpdates: number;
  cpuPerSecond: number;
}

function combine(library: Library, processes: number, runs: readonly Run[]): ContendedRow {
  const gaps = runs.flatMap((run) => run.handoffGapsMs);
  const intervals = runs.reduce((sum, run) => sum + run.intervals, 0);
  return {
    id: library.id,
    label: library.label,
    processes,
    acquisitions: runs.reduce((sum, run) => sum + run.acquisitions, 0),
    acquisitionsPerSecond: summarize(runs.map((run) => run.acquisitionsPerSecond)).median,
    handoffMs: summarize(gaps),
    handoffShare: gaps.length / Math.max(1, intervals - runs.length),
    overlaps: runs.reduce((sum, run) => sum + run.overlaps, 0),
    lostUpdates: runs.reduce((sum, run) => sum + run.lostUpdates, 0),
    cpuPerSecond: summarize(runs.map((run) => run.cpuPerSecond)).median,
  };
}

async function runOne(library: Library, processes: number, acquisitions: number): Promise<Run> {
  const root = scratchDirectory(`contended-${library.id}`);
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
    return {
      acquisitions: total,
      acquisitionsPerSecond: total / elapsedS,
      handoffGapsMs: handoffGapsNs(intervals).map((ns) => ns / 1e6),
      intervals: intervals.length,
      overlaps: countOverlaps(intervals),
      lostUpdates: total - Number(readFileSync(counter, 'utf8')),
      cpuPerSecond: reports.reduce((sum, report) => sum + report.cpuUs, 0) / 1e6 / elapsedS,
    };
  } finally {
    for (const child of children) child.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}
