import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Library } from '../libraries.js';
import { installedPyFilelock, PY_FILELOCK_VERSION } from '../rw/py-filelock.js';
import { writerOverlaps } from '../rw/sections.js';
import type { HeldSection } from '../rw/worker-lines.js';
import { scratchDirectory } from '../scratch.js';
import { quantile } from '../stats.js';
import { runWorkerProcess } from '../worker-process.js';

const NODE_WORKER = fileURLToPath(new URL('../fairness/worker.js', import.meta.url));
const PY_WORKER = fileURLToPath(new URL('../../py/exclusive_worker.py', import.meta.url));
/** Where the bench installs py-filelock when python3 lacks it. */
const VENV = fileURLToPath(
  new URL('../../../../node_modules/.cache/linklock-bench/py-filelock', import.meta.url),
);
/** Time for sixteen processes to start before they contend. */
const START_DELAY_NS = 3_000_000_000n;

export interface FairnessOptions {
  /** The Node libraries (ids of ../libraries.ts's contenders); py-filelock's are added. */
  libraries: readonly Pick<Library, 'id' | 'label'>[];
  processCounts: readonly number[];
  /** How long every process keeps taking the lock. */
  seconds: number;
  onProgress?(message: string): void;
}

export interface FairnessRow {
  id: string;
  label: string;
  processes: number;
  /** Acquisitions made during the run, per second. */
  acquisitionsPerSecond: number;
  /** Milliseconds from asking for the lock (`lock()` called) to holding it. */
  waitMs: { p50: number; p99: number; max: number };
  /**
   * Jain's fairness index of the acquisitions each process made: 1 when all made as many,
   * 1/n when one process made them all.
   */
  jain: number;
  /** Sections held at once and lost counter updates: must be 0. */
  overlaps: number;
}

export interface FairnessResult {
  rows: FairnessRow[];
  /** Why py-filelock's locks were not measured, if they were not. */
  skipped?: string;
}

/** How one library's worker process is started. */
interface Contender {
  id: string;
  label: string;
  command(directory: string, seconds: number, counter: string, startAt: bigint): string[];
}

/**
 * P processes take one exclusive lock as fast as they can for a fixed time, each asking again
 * as soon as it has released it: the waiting time of every acquisition, and how evenly the
 * acquisitions fell to the processes.
 */
export async function runFairness(options: FairnessOptions): Promise<FairnessResult> {
  const contenders = options.libraries.map(nodeContender);
  const python = installedPyFilelock(VENV);
  if ('python' in python) contenders.push(...pyFilelockContenders(python.python));
  const rows: FairnessRow[] = [];
  for (const processes of options.processCounts) {
    for (const contender of contenders) {
      options.onProgress?.(`fairness: ${contender.label}, ${processes} processes`);
      rows.push(await runOne(contender, processes, options.seconds));
    }
  }
  return 'missing' in python
    ? { rows, skipped: `py-filelock not measured: ${python.missing}` }
    : { rows };
}

function nodeContender(library: Pick<Library, 'id' | 'label'>): Contender {
  return {
    ...library,
    command: (directory, seconds, counter, startAt) => [
      process.execPath,
      NODE_WORKER,
      library.id,
      directory,
      String(seconds),
      ...['--counter', counter, '--start-at', String(startAt)],
    ],
  };
}

function pyFilelockContenders(python: string): Contender[] {
  const kinds = [
    ['strict', 'StrictSoftFileLock'],
    ['lease', 'SoftFileLease'],
  ] as const;
  return kinds.map(([kind, name]) => ({
    id: `py-filelock-${kind}`,
    label: `py-filelock ${PY_FILELOCK_VERSION} ${name}`,
    command: (directory, seconds, counter, startAt) => [
      python,
      PY_WORKER,
      kind,
      join(directory, 'resource.lock'),
      String(seconds),
      ...['--counter', counter, '--start-at', String(startAt)],
    ],
  }));
}

async function runOne(
  contender: Contender,
  processes: number,
  seconds: number,
): Promise<FairnessRow> {
  const root = scratchDirectory(`fairness-${contender.id}`);
  const directory = join(root, 'locks');
  mkdirSync(directory);
  const counter = join(root, 'counter');
  writeFileSync(counter, '0');
  // The processes start one after the other: they all begin at this moment.
  const startAt = process.hrtime.bigint() + START_DELAY_NS;
  const command = contender.command(directory, seconds, counter, startAt);
  const perProcess = await Promise.all(
    Array.from({ length: processes }, async () => (await runWorkerProcess(command)).sections),
  );
  const sections = perProcess.flat();
  const lostUpdates = sections.length - Number(readFileSync(counter, 'utf8'));
  return {
    id: contender.id,
    label: contender.label,
    processes,
    acquisitionsPerSecond: acquiredBefore(sections, startAt, seconds) / seconds,
    waitMs: waitSummary(sections),
    jain: jainIndex(perProcess.map((own) => acquiredBefore(own, startAt, seconds))),
    overlaps: writerOverlaps(sections).length + Math.abs(lostUpdates),
  };
}

/** Acquisitions made in the `seconds` after `startAt`. */
function acquiredBefore(sections: readonly HeldSection[], startAt: bigint, seconds: number) {
  const end = startAt + BigInt(Math.round(seconds * 1e9));
  return sections.filter((section) => section.acquiredNs <= end).length;
}

function waitSummary(sections: readonly HeldSection[]): FairnessRow['waitMs'] {
  const waits = sections
    .map((section) => Number(section.acquiredNs - section.requestedNs) / 1e6)
    .sort((a, b) => a - b);
  return { p50: quantile(waits, 0.5), p99: quantile(waits, 0.99), max: waits.at(-1) ?? 0 };
}

/** Jain's index (Σx)² / (n·Σx²): 1 for equal shares, 1/n when one takes all. */
export function jainIndex(shares: readonly number[]): number {
  const sum = shares.reduce((total, share) => total + share, 0);
  const squares = shares.reduce((total, share) => total + share * share, 0);
  return squares === 0 ? 1 : (sum * sum) / (shares.length * squares);
}
