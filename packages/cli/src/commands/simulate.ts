import { availableParallelism } from 'node:os';
import {
  ALGORITHMS,
  type BatchResult,
  PROFILES,
  runSeeds,
  SCENARIOS,
  type SimulationResult,
  simulate,
} from '@linklock/nfs-sim';
import { counted } from '../plural.js';
import { Progress } from '../progress.js';
import { count, parseOptions, UsageError } from '../usage-error.js';
import { writeReport } from './report-file.js';

const PROFILE_NAMES = [...Object.keys(PROFILES), ...Object.keys(SCENARIOS)];
/** Runs drawn by --report: a page per failing seed would be unreadable past a few. */
const REPORTED_RUNS = 5;
const ALGORITHM_NAMES = Object.keys(ALGORITHMS);

export const SIMULATE_USAGE = `usage: linklock simulate [--seeds N] [--profile P] [--algorithm A] [--clients K]
                         [--processes K] [--seed S] [--workers N] [--report file.html] [--json]

Runs a lock algorithm in the deterministic NFS simulator (@linklock/nfs-sim) over many seeds
and checks every run for safety (no two holders), liveness, hygiene and fencing violations.
A seed replays exactly: the replay line printed for a failing seed reruns it.

  --seeds N       how many seeds, from 1 (default 100)
  --profile P     ${PROFILE_NAMES.join(', ')} (default nfs)
  --algorithm A   ${ALGORITHM_NAMES.join(', ')} (default linklock)
  --clients K     simulated hosts (default: the profile's)
  --processes K   processes in all (default: the profile's)
  --seed S        run only seed S and print its violations in full
  --workers N     worker threads to spread the seeds over (default: this machine's cores,
                  ${availableParallelism()}); the runs and their trace hashes are the same for any N
  --report FILE   write the timeline of the failing runs (at most ${REPORTED_RUNS}; the first run when
                  none failed) as one self-contained HTML page
  --json          print the result as one JSON document (each run's seed and traceHash)

Exit code: 0 when no run had a violation; 1 when any did; 2 on a usage error.`;

interface Plan {
  seeds: number;
  firstSeed: number;
  profile: string;
  algorithm: string;
  request: { clients?: number; processes?: number };
  workers: number;
  json: boolean;
  report: string | undefined;
}

export async function simulateCommand(args: string[]): Promise<number> {
  const plan = parsePlan(args);
  const progress = new Progress(`${plan.algorithm} ${plan.profile}`, plan.seeds, {
    quiet: plan.seeds === 1,
  });
  let failing = 0;
  const started = performance.now();
  const batch = await runSeeds({
    seeds: plan.seeds,
    firstSeed: plan.firstSeed,
    profile: plan.profile,
    algorithm: plan.algorithm,
    ...plan.request,
    workers: plan.workers,
    onProgress: (done, _total, run) => {
      if (run.violations.length > 0) failing += 1;
      progress.update(done, `seeds, ${failing} with violations`);
    },
  });
  progress.done();
  const elapsedS = (performance.now() - started) / 1_000;
  const report = plan.report === undefined ? undefined : await reportRuns(plan, batch);
  if (report !== undefined && !plan.json) process.stderr.write(`report: ${report}\n`);
  if (plan.json) {
    process.stdout.write(`${JSON.stringify(jsonDocument(plan, batch, elapsedS))}\n`);
  } else {
    process.stdout.write(textReport(plan, batch, elapsedS));
  }
  return batch.failingSeeds.length > 0 ? 1 : 0;
}

function parsePlan(args: string[]): Plan {
  const { values, positionals } = parseOptions('simulate', args, {
    seeds: { type: 'string' },
    profile: { type: 'string' },
    algorithm: { type: 'string' },
    clients: { type: 'string' },
    processes: { type: 'string' },
    seed: { type: 'string' },
    report: { type: 'string' },
    workers: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, 'simulate');
  }
  const profile = values.profile ?? 'nfs';
  if (!PROFILE_NAMES.includes(profile)) {
    throw new UsageError(
      `unknown profile ${JSON.stringify(profile)}; one of: ${PROFILE_NAMES.join(', ')}`,
      'simulate',
    );
  }
  const algorithm = values.algorithm ?? 'linklock';
  if (!ALGORITHM_NAMES.includes(algorithm)) {
    throw new UsageError(
      `unknown algorithm ${JSON.stringify(algorithm)}; one of: ${ALGORITHM_NAMES.join(', ')}`,
      'simulate',
    );
  }
  const seed = count('simulate', 'seed', values.seed, 0);
  if (seed !== undefined && values.seeds !== undefined) {
    throw new UsageError('--seed runs one seed; it excludes --seeds', 'simulate');
  }
  const clients = count('simulate', 'clients', values.clients);
  const processes = count('simulate', 'processes', values.processes);
  return {
    seeds: seed === undefined ? (count('simulate', 'seeds', values.seeds) ?? 100) : 1,
    firstSeed: seed ?? 1,
    profile,
    algorithm,
    request: {
      ...(clients === undefined ? {} : { clients }),
      ...(processes === undefined ? {} : { processes }),
    },
    workers: count('simulate', 'workers', values.workers) ?? availableParallelism(),
    json: values.json === true,
    report: values.report,
  };
}

/** Replays the runs to draw (seeds replay exactly, with their traces) and writes the page. */
async function reportRuns(plan: Plan, batch: BatchResult): Promise<string> {
  const seeds =
    batch.failingSeeds.length > 0 ? batch.failingSeeds.slice(0, REPORTED_RUNS) : [plan.firstSeed];
  const results: SimulationResult[] = [];
  for (const seed of seeds) {
    results.push(
      await simulate({ seed, profile: plan.profile, algorithm: plan.algorithm, ...plan.request }),
    );
  }
  return writeReport(plan.report as string, results);
}

/** The command line that reruns one seed exactly. */
export function replayLine(
  plan: Pick<Plan, 'profile' | 'algorithm' | 'request'>,
  seed: number,
): string {
  const { clients, processes } = plan.request;
  return [
    `linklock simulate --seed ${seed} --profile ${plan.profile} --algorithm ${plan.algorithm}`,
    clients === undefined ? '' : ` --clients ${clients}`,
    processes === undefined ? '' : ` --processes ${processes}`,
  ].join('');
}

function jsonDocument(plan: Plan, batch: BatchResult, elapsedS: number) {
  return {
    profile: batch.profile,
    algorithm: batch.algorithm,
    seeds: plan.seeds,
    firstSeed: plan.firstSeed,
    failingSeeds: batch.failingSeeds,
    safetySeeds: batch.safetySeeds,
    violationsByChecker: batch.violationsByChecker,
    reportedOverlaps: batch.reportedOverlaps,
    fileOperations: batch.fileOperations,
    elapsedMs: Math.round(elapsedS * 1_000),
    runs: batch.runs.map((run) => ({
      seed: run.seed,
      traceHash: run.traceHash,
      finished: run.finished,
      acquisitions: run.acquisitions,
      violations: run.violations,
    })),
  };
}

function textReport(plan: Plan, batch: BatchResult, elapsedS: number): string {
  const { failingSeeds, safetySeeds } = batch;
  const lines = [
    `${batch.algorithm} in the '${batch.profile}' profile: ${failingSeeds.length} of ${counted(plan.seeds, 'run')} with violations` +
      ` (${elapsedS.toFixed(1)} s, ${counted(batch.fileOperations, 'simulated file operation')})`,
  ];
  if (failingSeeds.length > 0) {
    lines.push(`  ${safetySeeds.length} with two holders at once (safety)`);
    lines.push(
      `  ${failingSeeds.length - safetySeeds.length} with other violations only (liveness, hygiene, fencing)`,
    );
  }
  const byChecker = Object.entries(batch.violationsByChecker);
  if (byChecker.length > 0) {
    lines.push('', 'checker     violations');
    for (const [checker, n] of byChecker)
      lines.push(`${checker.padEnd(10)}  ${String(n).padStart(10)}`);
  }
  if (plan.seeds === 1) lines.push(...oneSeedDetails(batch));
  if (failingSeeds.length > 0 && plan.seeds > 1) lines.push(...replayLines(plan, batch));
  return `${lines.join('\n')}\n`;
}

/** Replay lines for the failing seeds, those with two holders first. */
function replayLines(plan: Plan, batch: BatchResult): string[] {
  const safety = new Set(batch.safetySeeds);
  const others = batch.failingSeeds.filter((seed) => !safety.has(seed));
  const lines: string[] = [];
  const list = (title: string, seeds: readonly number[]) => {
    if (seeds.length === 0) return;
    lines.push('', title);
    for (const seed of seeds.slice(0, 10)) lines.push(`  ${replayLine(plan, seed)}`);
    if (seeds.length > 10) lines.push(`  ... and ${counted(seeds.length - 10, 'more seed')}`);
  };
  list('replay a run with two holders:', batch.safetySeeds);
  list('replay a run with other violations:', others);
  return lines;
}

/** One seed in full: its trace hash and every violation. */
function oneSeedDetails(batch: BatchResult): string[] {
  const lines: string[] = [];
  for (const run of batch.runs) {
    lines.push('', `seed ${run.seed}, trace hash ${run.traceHash}`);
    for (const violation of run.violations) {
      lines.push(`  ${violation.checker} at ${violation.t.toFixed(1)} ms: ${violation.message}`);
    }
  }
  return lines;
}
