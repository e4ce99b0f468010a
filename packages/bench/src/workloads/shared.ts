import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedPyFilelock, PY_FILELOCK_VERSION, PY_WORKER } from '../rw/py-filelock.js';
import { writerOverlaps } from '../rw/sections.js';
import type { HeldSection, Mode, WorkerReport } from '../rw/worker-lines.js';
import { scratchDirectory } from '../scratch.js';
import { type Summary, summarize } from '../stats.js';
import { runWorkerProcess } from '../worker-process.js';

const LINKLOCK_WORKER = fileURLToPath(new URL('../rw/worker.js', import.meta.url));
/** Time for nine processes to start before they contend. */
const START_DELAY_NS = 3_000_000_000n;
/** Where the bench installs py-filelock when python3 lacks it. */
const VENV = fileURLToPath(
  new URL('../../../../node_modules/.cache/linklock-bench/py-filelock', import.meta.url),
);

export interface SharedOptions {
  /** Acquire + release cycles of each kind, one process, nobody else around. */
  iterations: number;
  /** Acquisitions of each of the 8 readers and of the writer. */
  contendedIterations: number;
  onProgress?(message: string): void;
}

export interface SharedRow {
  id: 'linklock' | 'py-filelock';
  label: string;
  /** Milliseconds per acquire + release, uncontended. */
  readMs: Summary;
  writeMs: Summary;
  /** 8 readers + 1 writer, back to back: acquisitions per second while all nine contend. */
  readsPerSecond: number;
  writesPerSecond: number;
  /** Milliseconds the writer waited for each acquisition. */
  writerWaitMs: Summary;
  writerWaitMaxMs: number;
  maxConcurrentReaders: number;
  /** Sections of the writer overlapping another, and marker or counter violations: must be 0. */
  overlaps: number;
}

export interface SharedResult {
  rows: SharedRow[];
  /** Why py-filelock was not measured, if it was not. */
  skipped?: string;
}

interface Worker {
  command: string[];
}

/** ReadWriteLock against py-filelock's SoftReadWriteLock, through the twin workers of src/rw. */
export async function runShared(options: SharedOptions): Promise<SharedResult> {
  const workers: { id: SharedRow['id']; label: string; program: Worker }[] = [
    {
      id: 'linklock',
      label: 'linklock ReadWriteLock',
      program: { command: [process.execPath, LINKLOCK_WORKER] },
    },
  ];
  const python = installedPyFilelock(VENV);
  if ('python' in python) {
    workers.push({
      id: 'py-filelock',
      label: `py-filelock ${PY_FILELOCK_VERSION} SoftReadWriteLock`,
      program: { command: [python.python, PY_WORKER] },
    });
  }
  const rows: SharedRow[] = [];
  for (const worker of workers) {
    options.onProgress?.(`rw: ${worker.label}`);
    rows.push(await measure(worker.id, worker.label, worker.program, options));
  }
  return 'missing' in python
    ? { rows, skipped: `py-filelock not measured: ${python.missing}` }
    : { rows };
}

async function measure(
  id: SharedRow['id'],
  label: string,
  program: Worker,
  options: SharedOptions,
): Promise<SharedRow> {
  const read = await uncontended(program, 'read', options.iterations);
  const write = await uncontended(program, 'write', options.iterations);
  const contended = await readersAndWriter(program, options.contendedIterations);
  const all = contended.perWorker.flat();
  const window = allContending(contended.perWorker);
  const inWindow = all.filter((s) => s.acquiredNs >= window.from && s.acquiredNs <= window.to);
  const reads = all.filter((section) => section.mode === 'read');
  const writes = all.filter((section) => section.mode === 'write');
  const seconds = Number(window.to - window.from) / 1e9;
  const writerWaits = writes.map(
    (section) => Number(section.acquiredNs - section.requestedNs) / 1e6,
  );
  return {
    id,
    label,
    readMs: summarize(read.map(cycleMs)),
    writeMs: summarize(write.map(cycleMs)),
    readsPerSecond: inWindow.filter((section) => section.mode === 'read').length / seconds,
    writesPerSecond: inWindow.filter((section) => section.mode === 'write').length / seconds,
    writerWaitMs: summarize(writerWaits),
    writerWaitMaxMs: Math.max(0, ...writerWaits),
    maxConcurrentReaders: Math.max(0, ...reads.map((section) => section.readersSeen)),
    overlaps: writerOverlaps(all).length + contended.violations,
  };
}

/**
 * From the moment the last worker asked for its first lock (every process started) to the
 * moment the first worker finished: all nine contending, process start-up left out.
 */
function allContending(perWorker: readonly HeldSection[][]): { from: bigint; to: bigint } {
  const firsts = perWorker.map((sections) => sections[0]?.requestedNs ?? 0n);
  const lasts = perWorker.map((sections) => sections.at(-1)?.releasedNs ?? 0n);
  const ascending = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
  const from = firsts.sort(ascending).at(-1) ?? 0n;
  const to = lasts.sort(ascending)[0] ?? 0n;
  // A process that started too late to contend with all: the whole run instead.
  if (to <= from) return { from: firsts[0] ?? 0n, to: lasts.at(-1) ?? 0n };
  return { from, to };
}

/** Acquire returning + release returning, without the time inside. */
function cycleMs(section: HeldSection): number {
  return (
    Number(section.acquiredNs - section.requestedNs + (section.releasedNs - section.releasingNs)) /
    1e6
  );
}

async function uncontended(
  program: Worker,
  mode: Mode,
  iterations: number,
): Promise<HeldSection[]> {
  const dir = scratchDirectory(`rw-${mode}`);
  const { sections } = await runWorker(program, [join(dir, 'data.lock'), mode, String(iterations)]);
  return sections;
}

/** 8 readers and 1 writer on one lock, each checking the exclusion inside. */
async function readersAndWriter(
  program: Worker,
  iterations: number,
): Promise<{ perWorker: HeldSection[][]; violations: number }> {
  const dir = scratchDirectory('rw-contended');
  mkdirSync(join(dir, 'locks'));
  mkdirSync(join(dir, 'inside'));
  const counter = join(dir, 'counter');
  writeFileSync(counter, '0\n');
  const modes: Mode[] = [...Array.from({ length: 8 }, () => 'read' as const), 'write'];
  // Nine processes start one after the other: they all begin at this moment.
  const startAt = process.hrtime.bigint() + START_DELAY_NS;
  const runs = await Promise.all(
    modes.map((mode) =>
      runWorker(program, [
        join(dir, 'locks', 'data.lock'),
        mode,
        String(iterations),
        ...['--inside', join(dir, 'inside'), '--counter', counter],
        ...['--start-at', String(startAt)],
      ]),
    ),
  );
  const lost = iterations - Number(readFileSync(counter, 'utf8').trim());
  return {
    perWorker: runs.map((run) => run.sections),
    violations: runs.reduce((sum, run) => sum + run.violations.length, 0) + Math.abs(lost),
  };
}

/** Runs one worker to its end; rejects unless it made every acquisition. */
function runWorker(program: Worker, args: string[]): Promise<WorkerReport> {
  return runWorkerProcess([...program.command, ...args]);
}
