import { availableParallelism } from 'node:os';
import { type BatchResult, runSeeds } from '@linklock/nfs-sim';

export interface Cell {
  algorithm: string;
  profile: string;
  seeds: number;
  /** Runs with any violation. */
  failing: number;
  firstFailing: number | null;
  /** Runs where two processes held the lock at once (safety). */
  twoHolders: number;
  firstTwoHolders: number | null;
  violationsByChecker: Record<string, number>;
}

/** A workload of the comparison and how many seeds it runs. */
export interface Workload {
  profile: string;
  seeds: number;
}

/**
 * Every algorithm in every workload, one cell after another, each cell's seeds spread over
 * worker threads (one per core by default).
 */
export async function runComparison(
  algorithms: readonly string[],
  workloads: readonly Workload[],
  onCellDone: (cell: Cell, done: number, total: number) => void,
  workers = availableParallelism(),
): Promise<Cell[]> {
  const todo = workloads.flatMap(({ profile, seeds }) =>
    algorithms.map((algorithm) => ({ algorithm, profile, seeds })),
  );
  const cells: Cell[] = [];
  for (const { algorithm, profile, seeds } of todo) {
    const cell = cellOf(await runSeeds({ seeds, profile, algorithm, workers }), seeds);
    cells.push(cell);
    onCellDone(cell, cells.length, todo.length);
  }
  return cells;
}

function cellOf(batch: BatchResult, seeds: number): Cell {
  return {
    algorithm: batch.algorithm,
    profile: batch.profile,
    seeds,
    failing: batch.failingSeeds.length,
    firstFailing: batch.failingSeeds[0] ?? null,
    twoHolders: batch.safetySeeds.length,
    firstTwoHolders: batch.safetySeeds[0] ?? null,
    violationsByChecker: batch.violationsByChecker,
  };
}
