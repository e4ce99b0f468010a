import { Tinypool } from 'tinypool';
import type { RunSummary } from '../run-seeds.js';
import { SeedRunError } from './seed-run-error.js';
import type { SeedTask } from './seed-worker.js';

/**
 * The pools batches share, by thread count: their workers stay warm (modules loaded, code
 * compiled) from one batch to the next, which for a batch of a few seconds is most of the
 * difference. Idle workers do not keep the process alive (tinypool unrefs them).
 */
const pools = new Map<number, Tinypool>();

/**
 * Runs the seeds `firstSeed … firstSeed + seeds - 1` on `workers` worker threads (tinypool).
 * Each run is a pure function of its options and seed, so where it runs changes nothing: the
 * summaries come back in seed order, with the trace hashes a single thread gives. `onRun` sees
 * them as they finish. The first run that throws (or whose worker dies) stops the batch with a
 * {@link SeedRunError} naming its seed; that pool is then put away, its other runs with it.
 */
export async function runSeedsOnWorkers(
  options: SeedTask['options'],
  firstSeed: number,
  seeds: number,
  workers: number,
  onRun: (summary: RunSummary) => void,
): Promise<RunSummary[]> {
  const threads = Math.max(1, workers);
  const pool = poolOf(threads);
  try {
    const runs = Array.from({ length: seeds }, (_, index) =>
      runOne(pool, { options, seed: firstSeed + index }, onRun),
    );
    return await Promise.all(runs);
  } catch (error) {
    if (pools.get(threads) === pool) pools.delete(threads);
    await pool.destroy();
    throw error;
  }
}

function poolOf(threads: number): Tinypool {
  let pool = pools.get(threads);
  if (pool === undefined) {
    pool = new Tinypool({ ...workerModule(), minThreads: threads, maxThreads: threads });
    pools.set(threads, pool);
  }
  return pool;
}

async function runOne(
  pool: Tinypool,
  task: SeedTask,
  onRun: (summary: RunSummary) => void,
): Promise<RunSummary> {
  let summary: RunSummary;
  try {
    summary = (await pool.run(task)) as RunSummary;
  } catch (error) {
    throw new SeedRunError(task.seed, error);
  }
  onRun(summary);
  return summary;
}

/**
 * The worker's module. Run from the built package, it sits beside this one. Run from the
 * TypeScript sources (the workspace's tests resolve packages to `src/` with a `source` export
 * condition), worker threads cannot load `.ts`: they run the built file, which the test setup
 * builds first, and resolve packages without the conditions that lead to sources.
 */
function workerModule(): { filename: string; execArgv?: string[] } {
  const here = new URL(import.meta.url);
  if (!here.pathname.endsWith('.ts')) return { filename: new URL('./seed-worker.js', here).href };
  return {
    filename: new URL('../../dist/parallel/seed-worker.js', here).href,
    execArgv: withoutConditions(process.execArgv),
  };
}

function withoutConditions(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i += 1) {
    const flag = execArgv[i] ?? '';
    if (flag === '--conditions' || flag === '-C') i += 1;
    else if (!flag.startsWith('--conditions=')) kept.push(flag);
  }
  return kept;
}
