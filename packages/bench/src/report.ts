import { fairnessSection } from './fairness/fairness-report.js';
import { HANDOFF_METHOD, handoffSections } from './handoff/handoff-report.js';
import { NFS_METHOD, nfsSection } from './nfs/nfs-report.js';
import type { Results } from './results.js';
import { SHARED_METHOD, sharedSection } from './rw/shared-report.js';
import { markdownTable, type Section, textTable } from './table.js';
import { checkTargets } from './targets.js';
import type { UncontendedResult } from './workloads/uncontended.js';
import { SETTLE_MS } from './workloads/waiting-cpu.js';

const fixed = (value: number, digits = 0) => value.toFixed(digits);

/** Medians, tails and means of uncontended cycles, and linklock's ratio to each library. */
function uncontendedSection(title: string, result: UncontendedResult): Section {
  const linklock = result.rows.find((row) => row.id === 'linklock');
  const ratio = (ours: number | undefined, theirs: number) =>
    ours === undefined ? '' : fixed(ours / theirs, 2);
  return {
    title,
    rows: [
      ['library', 'median', 'p95', 'p99', 'mean', 'linklock ÷ this (median)', '(mean)'],
      ...result.rows.map((row) => [
        row.label,
        fixed(row.us.median),
        fixed(row.us.p95),
        fixed(row.us.p99),
        fixed(row.meanUs),
        row.id === 'linklock' ? '' : ratio(linklock?.us.median, row.us.median),
        row.id === 'linklock' ? '' : ratio(linklock?.meanUs, row.meanUs),
      ]),
    ],
  };
}

/** Each workload's table (header first), in order, with its title. */
export function sections(results: Results): Section[] {
  const out: Section[] = [];
  const { uncontended, contended, waitingCpu, crashRecovery, simulator, nfs } = results;
  if (uncontended !== undefined) {
    out.push({
      ...uncontendedSection('Uncontended acquire + release (µs)', uncontended),
      note: `linklock's file operations per acquire + release: ${Object.entries(
        uncontended.linklockOperations,
      )
        .map(([name, count]) => `${name} ${count}`)
        .join(', ')}.`,
    });
  }
  if (results.uncontendedBusy !== undefined) {
    out.push(
      uncontendedSection(
        'Uncontended acquire + release (µs), a CPU-bound process on another core',
        results.uncontendedBusy,
      ),
    );
  }
  if (contended !== undefined) {
    out.push({
      title: 'Contended: P processes, back to back on one lock',
      rows: [
        [
          'library',
          'P',
          'acquisitions/s',
          'hand-off p50 ms',
          'hand-off p99 ms',
          'hand-offs %',
          'CPU cores',
          'overlaps',
          'lost updates',
        ],
        ...contended.map((row) => [
          row.label,
          String(row.processes),
          fixed(row.acquisitionsPerSecond),
          fixed(row.handoffMs.median, 2),
          fixed(row.handoffMs.p99, 2),
          fixed(row.handoffShare * 100),
          fixed(row.cpuPerSecond, 2),
          String(row.overlaps),
          String(row.lostUpdates),
        ]),
      ],
    });
  }
  if (results.fairness !== undefined) out.push(fairnessSection(results.fairness));
  if (waitingCpu !== undefined) {
    out.push({
      title: 'CPU while waiting for a held lock',
      rows: [
        ['library', 'waiters', 'held ms', 'CPU ms per waiter', 'CPU ms per s', 'hand-off ms'],
        ...waitingCpu.map((row) => [
          row.label,
          String(row.waiters),
          fixed(row.holdMs),
          fixed(row.cpuMsPerWaiter, 1),
          fixed(row.cpuMsPerSecond, 2),
          fixed(row.handoffMs, 1),
        ]),
      ],
    });
  }
  if (crashRecovery !== undefined) {
    out.push({
      title: 'Crash recovery: holder SIGKILLed, time until a waiter holds the lock',
      rows: [
        ['library', 'case', 'lifetime / stale ms', 'recovery ms'],
        ...crashRecovery.map((row) => [
          row.label,
          row.case,
          fixed(row.staleMs),
          fixed(row.recoveryMs),
        ]),
      ],
    });
  }
  if (simulator !== undefined) {
    out.push({
      title: 'Simulator throughput (linklock, one core and every core)',
      rows: [
        [
          'profile',
          'seeds',
          'file operations/s, one core',
          'seeds/min, one core',
          'file operations/s, every core',
          'failing seeds',
        ],
        ...simulator.map((row) => [
          row.profile,
          String(row.seeds),
          fixed(row.fileOperationsPerSecond),
          fixed(row.seedsPerMinute),
          `${fixed(row.allCoresFileOperationsPerSecond)} (${row.workers} workers)`,
          String(row.failingSeeds),
        ]),
      ],
    });
  }
  if (nfs !== undefined) out.push(nfsSection(nfs));
  if (results.nfsHandoff !== undefined) out.push(...handoffSections(results.nfsHandoff));
  if (results.shared !== undefined) out.push(sharedSection(results.shared));
  const targets = checkTargets(results);
  if (targets.length > 0) {
    out.push({
      title: 'Targets',
      rows: [
        ['target', 'wanted', 'measured', 'met'],
        ...targets.map((target) => [
          target.name,
          target.target,
          target.measured,
          target.met ? 'yes' : 'NO',
        ]),
      ],
    });
  }
  return out;
}

/** The run for the terminal. */
export function terminalReport(results: Results): string {
  const parts = sections(results).map(
    ({ title, rows, note }) => `${title}\n\n${body(textTable(rows), note)}`,
  );
  return `${parts.join('\n\n\n')}\n\n${describeRun(results)}\n`;
}

/** A section's table and note, either of which may be empty (a skipped workload has no table). */
function body(table: string, note: string | undefined): string {
  return [table, note ?? ''].filter((part) => part !== '').join('\n\n');
}

function describeRun({ machine, quick, elapsedS }: Results): string {
  return `${quick ? 'quick run' : 'full run'} in ${elapsedS.toFixed(0)} s on ${machine.cpu} × ${machine.cores}, Node ${machine.node}, ${machine.filesystem}`;
}

/** docs/benchmarks.md: generated from a run, never edited by hand. */
export function markdownReport(results: Results): string {
  const { machine } = results;
  const settings = Object.entries(results.settings).map(
    ([label, value]) => `- **${label}**: \`${value}\``,
  );
  const tables = sections(results).map(
    ({ title, rows, note }) => `### ${title}\n\n${body(markdownTable(rows), note)}`,
  );
  return `<!-- Generated by \`pnpm bench\` (packages/bench); edit packages/bench/src/report.ts, not this file. -->
# Benchmarks

linklock against [proper-lockfile](https://www.npmjs.com/package/proper-lockfile) 4.1.2,
[lockfile](https://www.npmjs.com/package/lockfile) 1.0.4, [py-filelock](https://pypi.org/project/filelock/)
4.0.8, Mailman 2.1's and flufl.lock's algorithms and the raw system calls, measured
side by side in one run on one machine. Rerun with \`pnpm bench\` (some minutes;
\`pnpm bench --quick\` takes about one and writes nothing; \`--json\` prints the results for
machines; \`--help\` lists the options).

## Machine

- date: ${machine.date}
- CPU: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB
- ${machine.kernel}, Node ${machine.node}
- filesystem: ${machine.filesystem}
- run: ${results.quick ? 'quick' : 'full'}, ${results.elapsedS.toFixed(0)} s

## Method

${METHOD}

Settings of each library:

${settings.join('\n')}

## Results

${tables.join('\n\n')}
`;
}

const METHOD = `- **Uncontended**: one process, acquire + release in a loop; after a warm-up of every
  library, the timed iterations run in rounds and each round runs every library in turn (the
  order rotating), so that a noisy neighbour slows all of them alike. Medians, tails and means
  of the individual iterations. Then the same again with a CPU-bound process (a loop that never
  yields) on another core: a thread-pool round trip gets cheaper when the pool's threads stay
  awake, a process's own CPU time does not, so the two libraries' ratio moves.
- **Contended**: P processes, started together, each acquiring the lock back to back; the
  critical section increments a counter file (kept outside the lock's directory, which linklock's
  waiters watch). Each process records when its acquire returned and when it began its release,
  on the machine's monotonic clock. Acquisitions per second over the whole run; a *hand-off* is
  an acquisition by another process than the previous holder, its latency the time from the
  previous holder beginning its release to the acquire returning; *hand-offs %* is their share of
  all acquisitions (the rest are a process taking the lock again before anyone else).
  Overlapping critical sections and lost counter updates must be 0.
  With a tiny critical section the rate is bounded by how fast one process can release and
  take the lock again (the uncontended cycle, a few thousand a second here), and every true
  hand-off costs a process wake-up: a library posts its best rate by letting the releasing
  process take the lock again while the others sleep, which *hand-offs %* shows.
- **Fairness**: P processes (8 and 16), started together, each taking the lock again as soon as
  it has released it, for a fixed time (5 s); inside, a counter file is incremented. The wait of
  an acquisition runs from \`lock()\` called to held (on the monotonic clock); p50, p99 and max over
  all acquisitions; Jain's index (Σx)²/(P·Σx²) over the acquisitions each process made (1: all
  alike). linklock in its default mode and with \`fair: true\`, proper-lockfile (backoff, 1 ms
  poll), lockfile (1 ms poll), and py-filelock 4.0.8's \`StrictSoftFileLock\` (hard-link claims,
  a claim directory) and \`SoftFileLease\`, each with its defaults, as Python processes running
  the same loop (packages/bench/py/exclusive_worker.py). Targets: the fair mode's p99 wait at most
  half the best peer's, at no less throughput than proper-lockfile's 1 ms poll.
- **CPU while waiting**: one process holds the lock; the others wait for it. Once they have
  settled (${SETTLE_MS} ms), each measures its own CPU time (\`process.cpuUsage()\`) over the same
  stretch of the holder's tenure; then the holder releases and they take the lock in turn
  (*hand-off ms*: from the release to the first of them holding it).
- **Crash recovery**: a holder is SIGKILLed while a waiter waits; the time from the kill to the
  waiter holding the lock. Every library is given the same lifetime (linklock, with a clock slop
  of half of it) or stale threshold (the peers). *same-host*: linklock proves the holder dead by
  its pid (same host, boot and pid namespace); the peers only know expiry. *cross-host*: a holder
  that says it runs on another host, whose death linklock cannot prove: it waits out lifetime + slop.
- **Simulator**: seeds of linklock in every profile of \`@linklock/nfs-sim\`, on one core, then
  the same seeds over a worker thread per core (\`runSeeds({ workers })\`). The one-core rows
  follow 100 unmeasured seeds (compiling the code is not a profile's cost); each all-cores row
  includes starting its workers, which at a few seconds' work weighs (\`pnpm simulate:long\`
  shows the rate of long runs).
${NFS_METHOD}
${HANDOFF_METHOD}
${SHARED_METHOD}
- Every child process must exit by itself once done: a library that left a timer or a watcher
  running fails the run.`;
