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
}

/** Runs `seeds` seeds of linklock in every profile and scenario of the simulator, on one core. */
export async function runSimulator(options: SimulatorOptions): Promise<SimulatorRow[]> {
  const rows: SimulatorRow[] = [];
  for (const profile of [...Object.keys(PROFILES), ...Object.keys(SCENARIOS)]) {
    options.onProgress?.(`simulator: ${profile}, ${options.seeds} seeds`);
    const started = performance.now();
    const batch = await runSeeds({ seeds: options.seeds, profile, algorithm: 'linklock' });
    const elapsedS = (performance.now() - started) / 1_000;
    rows.push({
      profile,
      seeds: options.seeds,
      fileOperationsPerSecond: batch.fileOperations / elapsedS,
      seedsPerMinute: (options.seeds / elapsedS) * 60,
      failingSeeds: batch.failingSeeds.length,
    });
  }
  return rows;
}
