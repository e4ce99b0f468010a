#!/usr/bin/env node
// The long proof: many seeds of every profile and scenario, for each algorithm, one cell after
// another, each cell's seeds spread over worker threads (runSeeds({ workers }), one per core by
// default). Prints the table algorithm × profile → runs with violations / seeds run, and the
// first failing seed of each cell (replay it with `replay(seed, { profile })`).
//
//   node scripts/simulate-long.mjs [--seeds N] [--algorithms a,b] [--profiles p,q]
//                                  [--time-limit-ms T] [--workers N] [--json]
//
// --time-limit-ms cuts each run off after T ms of simulated time (default: the profiles' 2 hours).
// A run cut off did not finish and counts as a liveness violation, so a lock that never frees
// again is still found, only cheaper: its waiters stop polling at T.
import { availableParallelism } from 'node:os';

const USAGE =
  'usage: node scripts/simulate-long.mjs [--seeds N] [--algorithms a,b] [--profiles p,q] [--time-limit-ms T] [--workers N] [--json]';
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1] : fallback;
};
if (args.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}
const wholeNumber = (name, fallback) => {
  const value = option(name, fallback);
  if (!/^[1-9]\d*$/.test(value)) {
    console.error(`${name} expects a whole number >= 1, got ${JSON.stringify(value)}\n${USAGE}`);
    process.exit(2);
  }
  return Number(value);
};
const seeds = wholeNumber('--seeds', '10000');
const workers = wholeNumber('--workers', String(availableParallelism()));
const algorithms = option('--algorithms', '').split(',').filter(Boolean);
const profiles = option('--profiles', 'local,nfs,lossy,skew,chaos,seed-race,double-break').split(
  ',',
);
const timeLimitMs = args.includes('--time-limit-ms')
  ? Number(option('--time-limit-ms', 'NaN'))
  : undefined;
if (timeLimitMs !== undefined && !(timeLimitMs > 0)) {
  console.error('--time-limit-ms expects a number of milliseconds > 0');
  process.exit(2);
}
const json = args.includes('--json');
const { ALGORITHMS, runSeeds } = await import('../packages/nfs-sim/dist/index.js');
// Every algorithm the simulator knows, unless --algorithms names some.
if (algorithms.length === 0) algorithms.push(...Object.keys(ALGORITHMS));

/** One cell: its seeds over the worker threads, summed up for the table. */
async function runCell(algorithm, profile) {
  const started = performance.now();
  const batch = await runSeeds({
    seeds,
    profile,
    algorithm,
    workers,
    ...(timeLimitMs === undefined ? {} : { timeLimitMs }),
  });
  const seedsWith = (checker) =>
    batch.runs
      .filter((run) => run.violations.some((v) => v.checker === checker))
      .map((run) => run.seed);
  return {
    failing: batch.failingSeeds.length,
    firstFailing: batch.failingSeeds[0] ?? null,
    failingSeeds: batch.failingSeeds,
    safetySeeds: batch.safetySeeds,
    runsByChecker: Object.fromEntries(
      Object.keys(batch.violationsByChecker).map((checker) => [checker, seedsWith(checker)]),
    ),
    unfinished: batch.runs.filter((run) => !run.finished).map((run) => run.seed),
    byChecker: batch.violationsByChecker,
    reportedOverlaps: batch.reportedOverlaps,
    fileOperations: batch.fileOperations,
    elapsedMs: performance.now() - started,
  };
}

const cells = algorithms.flatMap((algorithm) =>
  profiles.map((profile) => ({ algorithm, profile })),
);
const results = [];
const started = Date.now();
for (const cell of cells) {
  const result = { ...cell, seeds, ...(await runCell(cell.algorithm, cell.profile)) };
  results.push(result);
  // Progress on stderr, also with --json (stdout then holds only the JSON); with --json, each
  // cell's result too, as one JSON line, so that an interrupted run keeps the cells it finished.
  const opsPerSecond = Math.round(result.fileOperations / (result.elapsedMs / 1000));
  console.error(
    `[${results.length}/${cells.length}] ${cell.algorithm} ${cell.profile}: ${result.failing}/${seeds} failing (${result.unfinished.length} cut off), ${Math.round(result.elapsedMs / 1000)} s, ${opsPerSecond} simulated file operations/s on ${workers} workers`,
  );
  if (json) console.error(JSON.stringify(result));
}

if (json) {
  console.log(
    JSON.stringify({ seeds, timeLimitMs, elapsedMs: Date.now() - started, results }, null, 2),
  );
} else {
  const width = Math.max(...profiles.map((p) => p.length), 14);
  console.log(
    `\nruns with violations / seeds run (${seeds} seeds each${timeLimitMs === undefined ? '' : `, cut off at ${timeLimitMs} ms simulated`}, ${Math.round((Date.now() - started) / 1000)} s)\n`,
  );
  const first = Math.max(...algorithms.map((a) => a.length), 10) + 2;
  console.log(`${'algorithm'.padEnd(first)}${profiles.map((p) => p.padStart(width)).join('')}`);
  for (const algorithm of algorithms) {
    const row = profiles.map((profile) => {
      const cell = results.find((r) => r.algorithm === algorithm && r.profile === profile);
      return `${cell.failing}/${seeds}`.padStart(width);
    });
    console.log(`${algorithm.padEnd(first)}${row.join('')}`);
  }
  const failing = results.filter((r) => r.firstFailing !== null);
  if (failing.length > 0) {
    console.log(
      `\nfirst failing seed of each cell (replay: replay(S, { profile: P, algorithm: A${timeLimitMs === undefined ? '' : `, timeLimitMs: ${timeLimitMs}`} }) from @linklock/nfs-sim):`,
    );
    for (const r of failing)
      console.log(
        `  ${r.algorithm} ${r.profile}: seed ${r.firstFailing} ${JSON.stringify(r.byChecker)}`,
      );
  }
  const linklockFailures = results.filter((r) => r.algorithm === 'linklock' && r.failing > 0);
  process.exitCode = linklockFailures.length > 0 ? 1 : 0;
}
