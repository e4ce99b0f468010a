import type { Violation } from './check/violation.js';
import { type SimulateOptions, type SimulationResult, simulate } from './simulate.js';

/** Options a worker thread can be sent: an algorithm by name only (an object has code). */
export type PortableOptions = Omit<SimulateOptions, 'seed' | 'world' | 'algorithm'> & {
  algorithm?: string;
};

export interface RunSeedsOptions extends Omit<SimulateOptions, 'seed' | 'world'> {
  /** How many seeds, from `firstSeed`. */
  seeds: number;
  /** @default 1 */
  firstSeed?: number;
  /**
   * Worker threads to spread the seeds over (tinypool). The runs, their order and their trace
   * hashes are the same for any number. More than 1 needs the algorithm by name. @default 1
   */
  workers?: number;
  /** Called after each run, in the order runs finish (for a progress bar). */
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
  const { seeds, firstSeed = 1, workers = 1, onProgress, ...simulateOptions } = options;
  if (!Number.isSafeInteger(seeds) || seeds < 0)
    throw new RangeError(`Expected \`seeds\` to be a whole number >= 0, got ${seeds}`);
  if (!Number.isSafeInteger(workers) || workers < 1)
    throw new RangeError(`Expected \`workers\` to be a whole number >= 1, got ${workers}`);
  let done = 0;
  const onRun = (summary: RunSummary) => {
    done += 1;
    onProgress?.(done, seeds, summary);
  };
  const runs =
    workers === 1
      ? await runHere(simulateOptions, firstSeed, seeds, onRun)
      : await runOnWorkers(portable(simulateOptions), firstSeed, seeds, workers, onRun);
  const profile = simulateOptions.profile ?? 'nfs';
  const algorithm =
    typeof simulateOptions.algorithm === 'object'
      ? simulateOptions.algorithm.name
      : (simulateOptions.algorithm ?? 'linklock');
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

async function runHere(
  options: Omit<SimulateOptions, 'seed' | 'world'>,
  firstSeed: number,
  seeds: number,
  onRun: (summary: RunSummary) => void,
): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  for (let i = 0; i < seeds; i += 1) {
    const summary = summarize(await simulate({ ...options, seed: firstSeed + i }));
    runs.push(summary);
    onRun(summary);
  }
  return runs;
}

/** Loaded only when asked for: a batch on one thread needs no worker pool. */
async function runOnWorkers(
  options: PortableOptions,
  firstSeed: number,
  seeds: number,
  workers: number,
  onRun: (summary: RunSummary) => void,
): Promise<RunSummary[]> {
  const { runSeedsOnWorkers } = await import('./parallel/seed-pool.js');
  return runSeedsOnWorkers(options, firstSeed, seeds, workers, onRun);
}

function portable(options: Omit<SimulateOptions, 'seed' | 'world'>): PortableOptions {
  const { algorithm, ...rest } = options;
  if (typeof algorithm === 'object') {
    throw new TypeError(
      `An algorithm object ('${algorithm.name}') cannot be sent to worker threads: pass a name from ALGORITHMS, or workers: 1`,
    );
  }
  return algorithm === undefined ? rest : { ...rest, algorithm };
}

/** Whether the safety checker found two holders at once in this run. */
export function hadTwoHolders(run: Pick<RunSummary, 'violations'>): boolean {
  return run.violations.some(
    (violation) => violation.checker === 'safety' || violation.checker === 'rw-safety',
  );
}

/** A run's summary: what a batch keeps of it (no trace). */
export function summarize(result: SimulationResult): RunSummary {
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
