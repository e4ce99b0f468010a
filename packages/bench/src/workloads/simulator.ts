import { availableParallelism } from 'node:os';
import { PROFILES, runSeeds, SCENARIOS } from '@linklock/nfs-sim';

export interface SimulatorOptions {
  seeds: number;
  onProgress?(message: string): void;
}

export interface SimulatorRow {
  profile: string;
  seeds: number;
  /** Simulated file operations per second of real (host) time, one core. */
  fileOperationsPerSecond: number;
  seedsPerMinute: number;
  /** Runs in which a checker found a violation: must be 0 for linklock. */
  failingSeeds: number;
  /** Worker threads of the all-cores run (one per core). */
  workers: number;
  /** The same seeds spread over `workers` worker threads: simulated operations per second in all. */
  allCoresFileOperationsPerSecond: number;
}

/**
 * Seeds run before the one-core rows, unmeasured: the first profile measured would otherwise
 * pay for compiling the lock and the simulator (close to half of its time at 200 seeds), and so
 * understate what a long run sustains. Each all-cores row still starts its workers cold.
 */
const WARM_UP_SEEDS = 100;

/**
 * Runs `seeds` seeds of linklock in every profile and scenario of the simulator, on one core,
 * then again over a worker thread per core.
 */
export async function runSimulator(options: SimulatorOptions): Promise<SimulatorRow[]> {
  const rows: SimulatorRow[] = [];
  const workers = availableParallelism();
  options.onProgress?.(`simulator: warming up, ${WARM_UP_SEEDS} seeds`);
  await runSeeds({ seeds: WARM_UP_SEEDS, profile: 'nfs', algorithm: 'linklock' });
  for (const profile of [...Object.keys(PROFILES), ...Object.keys(SCENARIOS)]) {
    options.onProgress?.(`simulator: ${profile}, ${options.seeds} seeds, 1 and ${workers} workers`);
    const one = await timedBatch(profile, options.seeds, 1);
    const all = await timedBatch(profile, options.seeds, workers);
    rows.push({
      profile,
      seeds: options.seeds,
      fileOperationsPerSecond: one.fileOperations / one.elapsedS,
      seedsPerMinute: (options.seeds / one.elapsedS) * 60,
      failingSeeds: one.failingSeeds,
      workers,
      allCoresFileOperationsPerSecond: all.fileOperations / all.elapsedS,
    });
  }
  return rows;
}

async function timedBatch(profile: string, seeds: number, workers: number) {
  const started = performance.now();
  const batch = await runSeeds({ seeds, profile, algorithm: 'linklock', workers });
  return {
    elapsedS: (performance.now() - started) / 1_000,
    fileOperations: batch.fileOperations,
    failingSeeds: batch.failingSeeds.length,
  };
}
