import { type Cell, runComparison, type Workload } from '../demo/comparison.js';
import { type ContentionResult, cleanUpContention, runContention } from '../demo/contention.js';
import { counted } from '../plural.js';
import { count, parseOptions, UsageError } from '../usage-error.js';

export const DEMO_USAGE = `usage: linklock demo [--processes N] [--iterations N] [--seeds N] [--json]

What linklock is for, shown in under a minute:
 1. N real processes take one lock in a temporary directory, over and over, and increment a
    shared counter inside it; the run is checked: no lost update, no overlapping critical
    sections, nothing logged at warn or error, no file left behind.
 2. The NFS simulator runs Mailman's LockFile.py (mailman21), flufl.lock and linklock side by
    side over the same seeds of three workloads: 'seed-race' (the 2004 Mailman race),
    'lossy' (lost replies, retransmissions) and 'double-break' (32 waiters judging one
    expired lock at once); it counts the runs in which two processes held the lock at once
    (safety), and apart from them the runs with other violations only (an error logged, a
    file left behind, a waiter that never got the lock).

  --processes N   processes of part 1 (default 8)
  --iterations N  acquisitions per process (default 200)
  --seeds N       seeds per algorithm in part 2 (default 200; an eighth of that for
                  'double-break', whose runs have 32 processes)
  --json          print the result as one JSON document on stdout (progress goes to stderr)

Exit code: 0 when part 1 passes every check and linklock has no violation in part 2 (the
older algorithms are expected to have some); 1 otherwise; 2 on a usage error.`;

const ALGORITHMS = ['mailman21', 'flufl', 'linklock'] as const;

/** The workloads of part 2: the historic race, then the two where the older rules let two in. */
function workloads(seeds: number): Workload[] {
  return [
    { profile: 'seed-race', seeds },
    { profile: 'lossy', seeds },
    { profile: 'double-break', seeds: Math.max(1, Math.ceil(seeds / 8)) },
  ];
}

export async function demo(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('demo', args, {
    processes: { type: 'string' },
    iterations: { type: 'string' },
    seeds: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, 'demo');
  const processes = count('demo', 'processes', values.processes) ?? 8;
  const iterations = count('demo', 'iterations', values.iterations) ?? 200;
  const seeds = count('demo', 'seeds', values.seeds) ?? 200;
  const json = values.json === true;
  const say = (text: string) => (json ? process.stderr : process.stdout).write(text);
  // Counters redrawn in place on a terminal; nothing of the kind in a log.
  const live = !json && process.stdout.isTTY === true;

  const stopOnSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\nlinklock demo: interrupted (${signal}); cleaning up\n`);
    cleanUpContention();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, stopOnSignal);
  process.once('exit', cleanUpContention); // process.exit() elsewhere (a closed stdout)

  const started = performance.now();
  say(
    `linklock demo\n\n1. ${counted(processes, 'real process', 'real processes')} × ${counted(iterations, 'acquisition')} of one lock\n`,
  );
  const contention = await runContention(processes, iterations, (finished) => {
    if (live) process.stdout.write(`\r   processes finished: ${finished}/${processes}`);
  });
  if (live) process.stdout.write('\r\x1b[K');
  say(contentionReport(contention));

  const plan = workloads(seeds);
  say('\n2. The NFS simulator: runs in which two processes held the lock at once\n');
  const cells = await runComparison(ALGORITHMS, plan, (cell, done, total) => {
    if (live) process.stdout.write(`\r   simulations finished: ${done}/${total}`);
    if (json) {
      process.stderr.write(
        `   ${cell.algorithm} ${cell.profile}: ${cell.twoHolders} of ${cell.seeds} with two holders, ${cell.failing} with violations\n`,
      );
    }
  });
  if (live) process.stdout.write('\r\x1b[K');
  say(comparisonReport(cells, plan));

  const linklockClean = cells
    .filter((cell) => cell.algorithm === 'linklock')
    .every((cell) => cell.failing === 0);
  const ok = contention.ok && linklockClean;
  const elapsedS = (performance.now() - started) / 1_000;
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ ok, elapsedS: Number(elapsedS.toFixed(1)), contention, simulation: cells })}\n`,
    );
  } else {
    process.stdout.write(`\n${verdict(contention, cells)} (${elapsedS.toFixed(1)} s)\n`);
  }
  return ok ? 0 : 1;
}

function contentionReport(result: ContentionResult): string {
  const { expected, actual } = result.counter;
  const lines = [
    `   acquisitions ${result.acquisitions}, overlapping critical sections ${result.overlaps}, counter ${actual}/${expected}`,
    `   warnings or errors logged ${result.loggedProblems}, processes failed ${result.failedProcesses}, files left ${result.leftoverFiles.length}`,
    `   ${(result.elapsedMs / 1000).toFixed(2)} s, ${result.acquisitionsPerSecond} acquisitions/s (process startup included)   ${result.ok ? 'OK' : 'FAILED'}`,
    ...result.details.map((detail) => `   ${detail}`),
  ];
  return `${lines.join('\n')}\n`;
}

function comparisonReport(cells: readonly Cell[], plan: readonly Workload[]): string {
  const cellOf = (algorithm: string, profile: string) =>
    cells.find((cell) => cell.algorithm === algorithm && cell.profile === profile);
  const widths = plan.map(
    ({ profile, seeds }) => Math.max(profile.length, String(seeds).length + 4) + 3,
  );
  const row = (label: string, values: string[]) =>
    `   ${label.padEnd(24)}${values.map((value, i) => value.padStart(widths[i] as number)).join('')}`;
  const lines = [
    row(
      '',
      plan.map(({ profile }) => profile),
    ),
    row(
      'seeds run',
      plan.map(({ seeds }) => String(seeds)),
    ),
    ...ALGORITHMS.map((algorithm) =>
      row(
        algorithm,
        plan.map(({ profile }) => String(cellOf(algorithm, profile)?.twoHolders ?? '?')),
      ),
    ),
    '',
    '   runs with other violations only (an error logged, a file left, a waiter starved):',
    `   ${ALGORITHMS.map((algorithm) => `${algorithm} ${otherOnly(cells, algorithm)}`).join(', ')}`,
  ];
  const example = firstTwoHolders(cells, plan);
  if (example !== undefined) {
    const { profile, seed } = example;
    lines.push(
      '',
      `   see one: linklock replay --seed ${seed} --profile ${profile} --algorithm all --report ${profile}-${seed}.html`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Runs of `algorithm` with violations but never two holders, over every workload. */
function otherOnly(cells: readonly Cell[], algorithm: string): number {
  return cells
    .filter((cell) => cell.algorithm === algorithm)
    .reduce((sum, cell) => sum + cell.failing - cell.twoHolders, 0);
}

/** The first run with two holders in table order (cells finish in any order). */
function firstTwoHolders(cells: readonly Cell[], plan: readonly Workload[]) {
  for (const { profile } of plan) {
    for (const algorithm of ALGORITHMS) {
      const cell = cells.find(
        (found) => found.algorithm === algorithm && found.profile === profile,
      );
      if (cell?.firstTwoHolders != null) return { profile, seed: cell.firstTwoHolders };
    }
  }
  return undefined;
}

function verdict(contention: ContentionResult, cells: readonly Cell[]): string {
  const twoHolders = (algorithm: string) =>
    cells
      .filter((cell) => cell.algorithm === algorithm)
      .reduce((sum, cell) => sum + cell.twoHolders, 0);
  const linklockClean = cells
    .filter((cell) => cell.algorithm === 'linklock')
    .every((cell) => cell.failing === 0);
  if (contention.ok && linklockClean) {
    const anchors = ALGORITHMS.filter((algorithm) => algorithm !== 'linklock')
      .map((algorithm) => `${algorithm} ${counted(twoHolders(algorithm), 'time')}`)
      .join(', ');
    return `Result: OK. Real processes never overlapped. In simulation linklock never let two processes in and had no other violation; the older rules did: ${anchors}.`;
  }
  const what = [
    contention.ok ? '' : 'the real-process run failed its checks',
    linklockClean ? '' : 'linklock had violations in simulation',
  ].filter(Boolean);
  return `Result: FAILED: ${what.join('; ')}.`;
}
