import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin.js', import.meta.url));

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
 * Every algorithm in every workload, each cell a `linklock simulate --json` child process, as
 * many at once as there are cores.
 */
export async function runComparison(
  algorithms: readonly string[],
  workloads: readonly Workload[],
  onCellDone: (cell: Cell, done: number, total: number) => void,
): Promise<Cell[]> {
  const todo = workloads.flatMap(({ profile, seeds }) =>
    algorithms.map((algorithm) => ({ algorithm, profile, seeds })),
  );
  const cells: Cell[] = [];
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const { algorithm, profile, seeds } = todo[next++] as (typeof todo)[number];
      const cell = await simulateCell(algorithm, profile, seeds);
      cells.push(cell);
      onCellDone(cell, cells.length, todo.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), todo.length) }, worker));
  return cells;
}

function simulateCell(algorithm: string, profile: string, seeds: number): Promise<Cell> {
  const args = [
    BIN,
    'simulate',
    '--json',
    '--seeds',
    String(seeds),
    '--profile',
    profile,
    '--algorithm',
    algorithm,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      // `simulate` exits 1 when it found violations: that is a result, not a failure.
      if (code !== 0 && code !== 1) {
        reject(new Error(`simulating ${algorithm} in ${profile} failed (${code}): ${err.trim()}`));
        return;
      }
      const result = JSON.parse(out) as {
        failingSeeds: number[];
        safetySeeds: number[];
        violationsByChecker: Record<string, number>;
      };
      resolve({
        algorithm,
        profile,
        seeds,
        failing: result.failingSeeds.length,
        firstFailing: result.failingSeeds[0] ?? null,
        twoHolders: result.safetySeeds.length,
        firstTwoHolders: result.safetySeeds[0] ?? null,
        violationsByChecker: result.violationsByChecker,
      });
    });
  });
}
