#!/usr/bin/env node
// The long proof: many seeds of every profile and scenario, for each algorithm, in parallel
// child processes (one per core). Prints the table algorithm × profile → runs with violations /
// seeds run, and the first failing seed of each cell (replay it with `replay(seed, { profile })`).
//
//   node scripts/simulate-long.mjs [--seeds N] [--algorithms a,b] [--profiles p,q]
//                                  [--time-limit-ms T] [--json]
//
// --time-limit-ms cuts each run off after T ms of simulated time (default: the profiles' 2 hours).
// A run cut off did not finish and counts as a liveness violation, so a lock that never frees
// again is still found, only cheaper: its waiters stop polling at T.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1] : fallback;
};
if (args.includes('--help')) {
  console.log(
    'usage: node scripts/simulate-long.mjs [--seeds N] [--algorithms a,b] [--profiles p,q] [--time-limit-ms T] [--json]',
  );
  process.exit(0);
}
const seeds = Number(option('--seeds', '10000'));
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
const entry = fileURLToPath(new URL('../packages/nfs-sim/dist/index.js', import.meta.url));
// Every algorithm the simulator knows, unless --algorithms names some.
if (algorithms.length === 0) algorithms.push(...Object.keys((await import(entry)).ALGORITHMS));

/** One cell in a child process: keeps the parent responsive and uses every core. */
function runCell(algorithm, profile) {
  const script = `
    const { runSeeds } = await import(${JSON.stringify(entry)});
    const started = performance.now();
    const batch = await runSeeds({ seeds: ${seeds}, profile: ${JSON.stringify(profile)}, algorithm: ${JSON.stringify(algorithm)}${timeLimitMs === undefined ? '' : `, timeLimitMs: ${timeLimitMs}`} });
    console.log(JSON.stringify({
      failing: batch.failingSeeds.length, firstFailing: batch.failingSeeds[0] ?? null,
      failingSeeds: batch.failingSeeds, safetySeeds: batch.safetySeeds,
      runsByChecker: Object.fromEntries(Object.keys(batch.violationsByChecker).map((checker) => [checker, batch.runs.filter((run) => run.violations.some((v) => v.checker === checker)).map((run) => run.seed)])),
      unfinished: batch.runs.filter((run) => !run.finished).map((run) => run.seed),
      byChecker: batch.violationsByChecker, reportedOverlaps: batch.reportedOverlaps,
      fileOperations: batch.fileOperations, elapsedMs: performance.now() - started,
    }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out))
        : reject(new Error(`${algorithm}/${profile} exited ${code}`)),
    );
  });
}

const cells = algorithms.flatMap((algorithm) =>
  profiles.map((profile) => ({ algorithm, profile })),
);
const results = [];
let next = 0;
const started = Date.now();
async function worker() {
  while (next < cells.length) {
    const cell = cells[next++];
    const result = { ...cell, seeds, ...(await runCell(cell.algorithm, cell.profile)) };
    results.push(result);
    // Progress on stderr, also with --json (stdout then holds only the JSON); with --json, each
    // cell's result too, as one JSON line, so that an interrupted run keeps the cells it finished.
    const opsPerSecond = Math.round(result.fileOperations / (result.elapsedMs / 1000));
    console.error(
      `[${results.length}/${cells.length}] ${cell.algorithm} ${cell.profile}: ${result.failing}/${seeds} failing (${result.unfinished.length} cut off), ${Math.round(result.elapsedMs / 1000)} s, ${opsPerSecond} simulated file operations/s`,
    );
    if (json) console.error(JSON.stringify(result));
  }
}
await Promise.all(Array.from({ length: Math.min(availableParallelism(), cells.length) }, worker));

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
