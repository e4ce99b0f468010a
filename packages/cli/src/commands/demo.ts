import { parseArgs } from 'node:util';
import { type Cell, runComparison } from '../demo/comparison.js';
import { type ContentionResult, cleanUpContention, runContention } from '../demo/contention.js';
import { count, parseCommandLine, UsageError } from '../usage-error.js';
import { replayLine } from './simulate.js';

export const DEMO_USAGE = `usage: linklock demo [--processes N] [--iterations N] [--seeds N] [--json]

What linklock is for, shown in under a minute:
 1. N real processes take one lock in a temporary directory, over and over, and increment a
    shared counter inside it; the run is checked: no lost update, no overlapping critical
    sections, nothing logged at warn or error, no file left behind.
 2. The NFS simulator runs Mailman's LockFile.py (mailman21), flufl.lock and linklock side by
    side over the same seeds of three workloads: 'seed-race' (the 2004 Mailman race),
    'nfs' (attribute and name caches) and 'lossy' (lost replies, retransmissions); it counts
    the runs in which a checker found a violation (two holders, a lock never acquired, files
    left behind).

  --processes N   processes of part 1 (default 8)
  --iterations N  acquisitions per process (default 200)
  --seeds N       seeds per algorithm and workload in part 2 (default 200)
  --json          print the result as one JSON document on stdout (progress goes to stderr)

Exit code: 0 when part 1 passes every check and linklock has no violation in part 2 (the
older algorithms are expected to have some); 1 otherwise; 2 on a usage error.`;

const ALGORITHMS = ['mailman21', 'flufl', 'linklock'] as const;
const PROFILES = ['seed-race', 'nfs', 'lossy'] as const;

export async function demo(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine('demo', () =>
    parseArgs({
      args: args,
      allowPositionals: true,
      options: {
        processes: { type: 'string' },
        iterations: { type: 'string' },
        seeds: { type: 'string' },
        json: { type: 'boolean' },
      },
    }),
  );
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
  say(`linklock demo\n\n1. ${processes} real processes × ${iterations} acquisitions of one lock\n`);
  const contention = await runContention(processes, iterations, (finished) => {
    if (live) process.stdout.write(`\r   processes finished: ${finished}/${processes}`);
  });
  if (live) process.stdout.write('\r\x1b[K');
  say(contentionReport(contention));

  say(`\n2. The NFS simulator: ${seeds} seeds per algorithm and workload\n`);
  const cells = await runComparison(ALGORITHMS, PROFILES, seeds, (cell, done, total) => {
    if (live) process.stdout.write(`\r   simulations finished: ${done}/${total}`);
    if (json) {
      process.stderr.write(`   ${cell.algorithm} ${cell.profile}: ${cell.failing}/${cell.seeds}\n`);
    }
  });
  if (live) process.stdout.write('\r\x1b[K');
  say(comparisonReport(cells, seeds));

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
    const anchorsFailed = cells.some((cell) => cell.algorithm !== 'linklock' && cell.failing > 0);
    process.stdout.write(
      `\n${verdict(contention, linklockClean, anchorsFailed)} (${elapsedS.toFixed(1)} s)\n`,
    );
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

function comparisonReport(cells: readonly Cell[], seeds: number): string {
  const width = 12;
  const header = `   ${'runs with violations'.padEnd(22)}${PROFILES.map((profile) => profile.padStart(width)).join('')}`;
  const rows = ALGORITHMS.map((algorithm) => {
    const values = PROFILES.map((profile) => {
      const cell = cells.find(
        (candidate) => candidate.algorithm === algorithm && candidate.profile === profile,
      );
      return `${cell?.failing ?? '?'}/${seeds}`.padStart(width);
    });
    return `   ${algorithm.padEnd(22)}${values.join('')}`;
  });
  // The first failing anchor in table order (cells finish in any order).
  const example = ALGORITHMS.flatMap((algorithm) =>
    PROFILES.map((profile) =>
      cells.find((cell) => cell.algorithm === algorithm && cell.profile === profile),
    ),
  ).find(
    (cell) => cell !== undefined && cell.algorithm !== 'linklock' && cell.firstFailing !== null,
  );
  const replay =
    example === undefined || example.firstFailing === null
      ? []
      : [
          '',
          `   see one: ${replayLine({ profile: example.profile, algorithm: example.algorithm, request: {} }, example.firstFailing)}`,
        ];
  return `${[header, ...rows, ...replay].join('\n')}\n`;
}

function verdict(
  contention: ContentionResult,
  linklockClean: boolean,
  anchorsFailed: boolean,
): string {
  if (contention.ok && linklockClean) {
    const older = anchorsFailed ? ', where the older algorithms did not' : '';
    return `Result: OK. Real processes never overlapped; in simulation linklock had no violation in any run${older}.`;
  }
  const what = [
    contention.ok ? '' : 'the real-process run failed its checks',
    linklockClean ? '' : 'linklock had violations in simulation',
  ].filter(Boolean);
  return `Result: FAILED: ${what.join('; ')}.`;
}
