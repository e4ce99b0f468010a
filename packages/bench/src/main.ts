// `pnpm bench`: linklock against its peers and the system-call floor. See docs/benchmarks.md.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { withBusyNeighbour } from './busy-neighbour.js';
import { BenchChild } from './children.js';
import { runInterruptCleanups } from './interrupt-cleanup.js';
import { CONTENDERS, FAIRNESS, type Library, UNCONTENDED } from './libraries.js';
import { describeMachine } from './machine.js';
import { NFS_ALGORITHMS } from './nfs/nfs-algorithms.js';
import { markdownReport, terminalReport } from './report.js';
import type { Results } from './results.js';
import { removeScratch } from './scratch.js';
import { runContended } from './workloads/contended.js';
import { runCrashRecovery } from './workloads/crash-recovery.js';
import { runFairness } from './workloads/fairness.js';
import { runNfs } from './workloads/nfs.js';
import { runNfsHandoff } from './workloads/nfs-handoff.js';
import { runShared } from './workloads/shared.js';
import { runSimulator } from './workloads/simulator.js';
import { runUncontended } from './workloads/uncontended.js';
import { runWaitingCpu } from './workloads/waiting-cpu.js';

const WORKLOADS = [
  'uncontended',
  'contended',
  'fairness',
  'waiting',
  'crash',
  'simulator',
  'nfs',
  'nfs-handoff',
  'rw',
] as const;
type Workload = (typeof WORKLOADS)[number];

const USAGE = `usage: pnpm bench [--quick] [--only LIST] [--json] [--no-write] [--help]

Measures linklock against proper-lockfile 4.1.2, lockfile 1.0.4 and the raw system calls:
uncontended acquire + release, P processes contending, the waiting time and fairness of
8 and 16 processes (with py-filelock's StrictSoftFileLock and SoftFileLease), CPU while waiting, crash recovery,
the simulator's throughput, the NFS calls and latency of linklock, Mailman 2.1's and
flufl.lock's algorithms over a loopback NFS server (the one scripts/nfs/setup.sh runs, else
one started for the run; skipped where none can be), their hand-offs between hosts in the
simulator (nfs-handoff: latency, polling load, linklock's poll trade-off), and shared locks
(rw) against py-filelock's SoftReadWriteLock (installed into a virtual environment when
python3 lacks it; skipped without Python). Prints a table; a full run of every workload also
regenerates docs/benchmarks.md.

  --quick       a smaller run (about a minute) for a quick look or CI; writes no file
  --only LIST   run only these workloads, comma-separated: ${WORKLOADS.join(', ')}
  --json        print the results as JSON on stdout (progress goes to stderr)
  --no-write    do not regenerate docs/benchmarks.md (a run with --only never does)
  --help        show this help

Exit code: 0 after a run; 1 when a workload failed (a child process crashed or did not exit,
a critical section overlapped); 2 on a usage error.`;

interface Plan {
  quick: boolean;
  workloads: Set<Workload>;
  json: boolean;
  write: boolean;
}

/** Sizes of the full and the quick run. */
const SIZES = {
  full: {
    iterations: 2_000,
    warmup: 200,
    rounds: 10,
    processCounts: [2, 4, 8, 16],
    acquisitions: 300,
    contendedRounds: 3,
    fairness: { processCounts: [8, 16], seconds: 5 },
    holdMs: 5_000,
    waiters: 8,
    seeds: 200,
    nfs: { iterations: 1_000, warmup: 100, rounds: 10 },
    rw: { iterations: 500, contendedIterations: 50 },
  },
  quick: {
    iterations: 300,
    warmup: 50,
    rounds: 3,
    processCounts: [2, 8],
    acquisitions: 60,
    contendedRounds: 1,
    fairness: { processCounts: [8], seconds: 2 },
    holdMs: 1_000,
    waiters: 4,
    seeds: 15,
    // CI runs the quick run: a second or so of NFS cycles (a server it starts costs more).
    nfs: { iterations: 100, warmup: 20, rounds: 2 },
    rw: { iterations: 100, contendedIterations: 15 },
  },
};
/** Lifetime / stale threshold of the crash workload: proper-lockfile's smallest `stale`. */
const CRASH_STALE_MS = 2_000;

function parseCommandLine(): Plan | undefined {
  let values: {
    quick?: boolean;
    only?: string;
    json?: boolean;
    'no-write'?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        quick: { type: 'boolean' },
        only: { type: 'string' },
        json: { type: 'boolean' },
        'no-write': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return undefined;
  }
  const only = values.only?.split(',').map((name) => name.trim()) ?? [...WORKLOADS];
  const unknown = only.filter((name) => !(WORKLOADS as readonly string[]).includes(name));
  if (unknown.length > 0) return usageError(`unknown workload ${unknown.join(', ')}`);
  const quick = values.quick ?? false;
  return {
    quick,
    workloads: new Set(only as Workload[]),
    json: values.json ?? false,
    // docs/benchmarks.md holds every workload: a partial run would lose the others.
    write: !quick && !values['no-write'] && values.only === undefined,
  };
}

function usageError(message: string): undefined {
  process.stderr.write(`pnpm bench: ${message}\n\n${USAGE}\n`);
  process.exitCode = 2;
  return undefined;
}

function settingsOf(
  libraries: readonly Pick<Library, 'label' | 'settings'>[],
): Record<string, string> {
  return Object.fromEntries(libraries.map((library) => [library.label, library.settings]));
}

async function run(plan: Plan): Promise<Results> {
  const started = performance.now();
  const size = plan.quick ? SIZES.quick : SIZES.full;
  const onProgress = (message: string) => process.stderr.write(`${message}\n`);
  const results: Results = {
    machine: await describeMachine(),
    quick: plan.quick,
    settings: {
      ...settingsOf(UNCONTENDED),
      ...settingsOf(FAIRNESS),
      ...settingsOf(NFS_ALGORITHMS),
    },
    elapsedS: 0,
  };
  if (plan.workloads.has('uncontended')) {
    const { iterations, warmup, rounds } = size;
    const uncontended = (label: string) =>
      runUncontended({
        libraries: UNCONTENDED,
        iterations,
        warmup,
        rounds,
        onProgress: (message) => onProgress(`${message}${label}`),
      });
    results.uncontended = await uncontended('');
    results.uncontendedBusy = await withBusyNeighbour(() =>
      uncontended(', a CPU-bound process beside'),
    );
  }
  if (plan.workloads.has('contended')) {
    results.contended = await runContended({
      libraries: CONTENDERS,
      processCounts: size.processCounts,
      acquisitionsPerProcess: size.acquisitions,
      rounds: size.contendedRounds,
      onProgress,
    });
  }
  if (plan.workloads.has('fairness')) {
    results.fairness = await runFairness({ libraries: FAIRNESS, ...size.fairness, onProgress });
  }
  if (plan.workloads.has('waiting')) {
    results.waitingCpu = await runWaitingCpu({
      libraries: CONTENDERS,
      holdMs: size.holdMs,
      waiters: size.waiters,
      onProgress,
    });
  }
  if (plan.workloads.has('crash')) {
    results.crashRecovery = await runCrashRecovery({
      libraries: CONTENDERS.filter((library) => library.id !== 'proper-lockfile-poll'),
      staleMs: CRASH_STALE_MS,
      // Short enough that a linklock holder is killed before its first refresh (at lifetime / 3).
      waitBeforeKillMs: 200,
      onProgress,
    });
  }
  if (plan.workloads.has('simulator')) {
    results.simulator = await runSimulator({ seeds: size.seeds, onProgress });
  }
  if (plan.workloads.has('nfs')) {
    results.nfs = await runNfs({ ...size.nfs, onProgress });
  }
  if (plan.workloads.has('nfs-handoff')) {
    results.nfsHandoff = await runNfsHandoff({ seeds: size.seeds, onProgress });
  }
  if (plan.workloads.has('rw')) {
    results.shared = await runShared({ ...size.rw, onProgress });
  }
  results.elapsedS = (performance.now() - started) / 1_000;
  return results;
}

/** A run whose exclusion broke is a failed run, whatever its speed. */
function brokenExclusion(results: Results): string | undefined {
  const brokenShared = results.shared?.rows.find((row) => row.overlaps > 0);
  if (brokenShared !== undefined) {
    return `${brokenShared.label}, 8 readers + 1 writer: ${brokenShared.overlaps} overlaps, violations or lost updates`;
  }
  const unfair = results.fairness?.rows.find((row) => row.overlaps > 0);
  if (unfair !== undefined) {
    return `${unfair.label} with ${unfair.processes} processes (fairness): ${unfair.overlaps} overlaps or lost updates`;
  }
  const broken = results.contended?.find((row) => row.overlaps > 0 || row.lostUpdates > 0);
  if (broken === undefined) return undefined;
  return `${broken.label} with ${broken.processes} processes: ${broken.overlaps} overlapping critical sections, ${broken.lostUpdates} lost updates`;
}

/**
 * Ctrl-C or a kill: stop the children, remove the temporary files, the directory in the NFS
 * export and the NFS server this run started, then exit.
 */
function cleanUpOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`pnpm bench: interrupted (${signal}); cleaning up\n`);
      BenchChild.killAll();
      removeScratch();
      runInterruptCleanups((message) => process.stderr.write(`pnpm bench: ${message}\n`));
      process.exit(130);
    });
  }
}

async function main(): Promise<void> {
  const plan = parseCommandLine();
  if (plan === undefined) return;
  cleanUpOnSignals();
  const results = await run(plan).finally(removeScratch);
  process.stdout.write(
    plan.json ? `${JSON.stringify(results, null, 2)}\n` : terminalReport(results),
  );
  if (plan.write) {
    const target = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
    writeFileSync(target, markdownReport(results));
    process.stderr.write(`wrote ${target}\n`);
  }
  const broken = brokenExclusion(results);
  if (broken !== undefined) {
    process.stderr.write(`pnpm bench: mutual exclusion broken: ${broken}\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`pnpm bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
