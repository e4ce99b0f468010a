import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PY_WORKER } from '../../bench/src/rw/py-filelock.js';
import {
  maxConcurrentReaders,
  spanMs,
  waitsMs,
  writerOverlaps,
} from '../../bench/src/rw/sections.js';
import {
  type HeldSection,
  type Mode,
  parseWorkerLines,
  type WorkerReport,
} from '../../bench/src/rw/worker-lines.js';
import {
  describeExit,
  type Exit,
  loggedProblems,
  spawnProgram,
} from '../test/support/fixture-process.js';

/** linklock's shared-lock worker, built with the bench (packages/bench/src/rw/worker.ts). */
const LINKLOCK_WORKER = fileURLToPath(new URL('../../bench/dist/rw/worker.js', import.meta.url));

/** Who runs the workers: linklock's ReadWriteLock, or py-filelock's SoftReadWriteLock under `python`. */
export type Implementation = { name: 'linklock' } | { name: 'py-filelock'; python: string };

export interface SharedContender {
  /** The lock file, as this contender's "client" reaches it (the backing directory, a view, sshfs). */
  lockfile: string;
  mode: Mode;
  iterations: number;
}

/** Where a run keeps its files: the lock's directory, the marker directory and the counter. */
export interface SharedScene {
  /** The lock's directory in the backing store (for what is left in it). */
  locks: string;
  /** The marker directory and the counter, reached directly: no mount's cache hides them. */
  inside: string;
  counter: string;
}

/** What one contender did. */
export interface ContenderOutcome {
  contender: SharedContender;
  held: number;
  /** How it ended: `done`, `timed out`, or its exit and the last line of its stderr. */
  ended: string;
}

export interface SharedOutcome {
  sections: HeldSection[];
  contenders: ContenderOutcome[];
  /** What a worker saw inside the lock that it must not have (inside-check.ts). */
  violations: string[];
  /** Writer sections overlapping another section on the machine's monotonic clock. */
  overlaps: string[];
  timeouts: number;
  /** Warn/error lines of the lock, failed processes, unexpected output. */
  problems: string[];
  counter: number;
  maxConcurrentReaders: number;
  longestWaitMs: number;
  elapsedMs: number;
  /** Files (not directories) left under the lock's directory, relative to it. */
  leftovers: string[];
  /** Marker files left in the marker directory. */
  markersLeft: string[];
}

/** Makes the directories of a run under `backing`. */
export function sharedScene(backing: string): SharedScene {
  const scene = { locks: join(backing, 'locks'), inside: join(backing, 'inside') };
  mkdirSync(scene.locks);
  mkdirSync(scene.inside);
  const counter = join(backing, 'shared-counter');
  writeFileSync(counter, '0\n');
  return { ...scene, counter };
}

/** The command line of one worker; every acquisition stays inside `holdMs`. */
function workerCommand(
  implementation: Implementation,
  contender: SharedContender,
  scene: SharedScene,
  options: { holdMs: number; timeoutMs: number },
): string[] {
  const program =
    implementation.name === 'linklock'
      ? [process.execPath, LINKLOCK_WORKER]
      : [implementation.python, PY_WORKER];
  return [
    ...program,
    contender.lockfile,
    contender.mode,
    String(contender.iterations),
    ...['--inside', scene.inside, '--counter', scene.counter],
    ...['--hold-ms', String(options.holdMs), '--timeout-ms', String(options.timeoutMs)],
    '--detect',
  ];
}

/**
 * Runs the contenders, each in its own process, to their end and gathers what the checks
 * need. An acquisition that takes longer than `acquireTimeoutMs` ends its worker (a timeout).
 */
export async function contendShared(
  implementation: Implementation,
  contenders: readonly SharedContender[],
  scene: SharedScene,
  options: { holdMs: number; acquireTimeoutMs: number; runTimeoutMs: number },
): Promise<SharedOutcome> {
  const processes = contenders.map((contender, i) =>
    spawnProgram(
      `${implementation.name} ${contender.mode}r ${i}`,
      workerCommand(implementation, contender, scene, {
        holdMs: options.holdMs,
        timeoutMs: options.acquireTimeoutMs,
      }),
    ),
  );
  const exits = await Promise.all(
    processes.map((child) => child.waitForExit(options.runTimeoutMs)),
  );
  const reports = processes.map((child) => parseWorkerLines(child.stdout));
  const sections = reports.flatMap((report) => report.sections);
  return {
    sections,
    contenders: reports.map((report, i) => ({
      contender: contenders[i] as SharedContender,
      held: report.sections.length,
      ended: howItEnded(report, exits[i] as Exit, processes[i]?.stderr ?? ''),
    })),
    violations: reports.flatMap((report) => report.violations),
    overlaps: writerOverlaps(sections),
    timeouts: reports.reduce((sum, report) => sum + report.timeouts.length, 0),
    problems: [
      ...processes.flatMap((child) => loggedProblems(child.stderr)),
      ...reports.flatMap((report) => report.unknown),
      ...exits.flatMap((exit, i) =>
        exit.code === 0 || exit.code === 3
          ? []
          : [`${processes[i]?.name} ended with ${describeExit(exit)}${processes[i]?.transcript()}`],
      ),
    ],
    counter: Number(readFileSync(scene.counter, 'utf8').trim()),
    maxConcurrentReaders: maxConcurrentReaders(sections),
    longestWaitMs: Math.max(0, ...waitsMs(sections)),
    elapsedMs: spanMs(sections),
    leftovers: filesUnder(scene.locks).map((file) => relative(scene.locks, file)),
    markersLeft: readdirSync(scene.inside),
  };
}

function howItEnded(report: WorkerReport, exit: Exit, stderr: string): string {
  if (report.done) return 'done';
  if (report.timeouts.length > 0) return 'timed out';
  return `${describeExit(exit)}: ${stderr.trim().split('\n').at(-1) ?? ''}`;
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** One line for the test's output: what a run measured. */
export function summaryLine(label: string, outcome: SharedOutcome): string {
  const held = outcome.sections.length;
  return `${label}: ${held} acquisitions in ${(outcome.elapsedMs / 1_000).toFixed(1)} s, longest wait ${outcome.longestWaitMs.toFixed(0)} ms, up to ${outcome.maxConcurrentReaders} readers at once, ${outcome.timeouts} timeouts, ${outcome.leftovers.length} files left`;
}
