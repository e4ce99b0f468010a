import type { Violation } from './check/violation.js';
import { type SimulateOptions, type SimulationResult, simulate } from './simulate.js';

export interface RunSeedsOptions extends Omit<SimulateOptions, 'seed' | 'world'> {
  /** How many seeds, from `firstSeed`. */
  seeds: number;
  /** @default 1 */
  firstSeed?: number;
  /** Called after each run (for a progress bar). */
  onProgress?: (done: number, total: number, result: RunSummary) => void;
}

/** One run, without its trace (a batch keeps only what it needs). */
export interface RunSummary {
  seed: number;
  traceHash: string;
  finished: boolean;
  violations: Violation[];
  reportedOverlaps: number;
  fileOperations: number;
  acquisitions: number;
  simulatedMs: number;
}

export interface BatchResult {
  profile: string;
  algorithm: string;
  runs: RunSummary[];
  /** Seeds with at least one violation, in order. */
  failingSeeds: number[];
  /**
   * Seeds where two processes held the lock at once (a safety violation), in order: the runs
   * that matter most, apart from those with only liveness, hygiene or fencing violations.
   */
  safetySeeds: number[];
  /** Violations by checker over all runs. */
  violationsByChecker: Record<string, number>;
  reportedOverlaps: number;
  fileOperations: number;
}

/** Runs a batch of consecutive seeds of one profile and algorithm. */
export async function runSeeds(options: RunSeedsOptions): Promise<BatchResult> {
  const { seeds, firstSeed = 1, onProgress, ...simulateOptions } = options;
  if (!Number.isSafeInteger(seeds) || seeds < 0)
    throw new RangeError(`Expected \`seeds\` to be a whole number >= 0, got ${seeds}`);
  const runs: RunSummary[] = [];
  let profile = simulateOptions.profile ?? 'nfs';
  let algorithm =
    typeof simulateOptions.algorithm === 'object'
      ? simulateOptions.algorithm.name
      : (simulateOptions.algorithm ?? 'linklock');
  for (let i = 0; i < seeds; i += 1) {
    const result = await simulate({ ...simulateOptions, seed: firstSeed + i });
    profile = result.profile;
    algorithm = result.algorithm;
    const summary = summarize(result);
    runs.push(summary);
    onProgress?.(i + 1, seeds, summary);
  }
  const violationsByChecker: Record<string, number> = {};
  for (const run of runs) {
    for (const violation of run.violations)
      violationsByChecker[violation.checker] = (violationsByChecker[violation.checker] ?? 0) + 1;
  }
  return {
    profile,
    algorithm,
    runs,
    failingSeeds: runs.filter((run) => run.violations.length > 0).map((run) => run.seed),
    safetySeeds: runs.filter(hadTwoHolders).map((run) => run.seed),
    violationsByChecker,
    reportedOverlaps: runs.reduce((sum, run) => sum + run.reportedOverlaps, 0),
    fileOperations: runs.reduce((sum, run) => sum + run.fileOperations, 0),
  };
}

/** Whether the safety checker found two holders at once in this run. */
export function hadTwoHolders(run: Pick<RunSummary, 'violations'>): boolean {
  return run.violations.some(
    (violation) => violation.checker === 'safety' || violation.checker === 'rw-safety',
  );
}

function summarize(result: SimulationResult): RunSummary {
  return {
    seed: result.seed,
    traceHash: result.traceHash,
    finished: result.finished,
    violations: result.violations,
    reportedOverlaps: result.reportedOverlaps,
    fileOperations: result.stats.fileOperations,
    acquisitions: result.stats.acquisitions,
    simulatedMs: result.stats.simulatedMs,
  };
}
