import {
  collectCrossHostHandoffs,
  type LockAlgorithm,
  linklockWithRetry,
  operationsWhileWaiting,
  simulate,
} from '@linklock/nfs-sim';
import { quantile } from '../stats.js';

export interface NfsHandoffOptions {
  seeds: number;
  onProgress?(message: string): void;
}

/** The simulated world: the `nfs` profile with every process on a client of its own. */
export const HANDOFF_WORLD = { profile: 'nfs', clients: 4, processes: 4 } as const;

/**
 * linklock's polling schedules for the trade-off table: its default backoff and others, then
 * fixed intervals (`retry.minDelay` = `retry.maxDelay`), from eager to lazy.
 */
export const POLL_SETTINGS: readonly { minDelay: number; maxDelay: number }[] = [
  { minDelay: 10, maxDelay: 1_000 },
  { minDelay: 10, maxDelay: 250 },
  { minDelay: 50, maxDelay: 1_000 },
  { minDelay: 100, maxDelay: 700 },
  { minDelay: 50, maxDelay: 50 },
  { minDelay: 100, maxDelay: 100 },
  { minDelay: 200, maxDelay: 200 },
  { minDelay: 400, maxDelay: 400 },
  { minDelay: 800, maxDelay: 800 },
];

export interface NfsHandoffRow {
  label: string;
  /** `retry` of a linklock row (its poll schedule); absent for the peers. */
  retry?: { minDelay: number; maxDelay: number };
  seeds: number;
  handoffs: number;
  /** From the release's start to the waiter on another host holding the lock. */
  latencyMs: { median: number; p95: number; max: number };
  /** File operations a waiting process sent per second while another process held the lock. */
  operationsPerWaiterPerSecond: number;
  /** The same operations over the waits they were sent in: what one wait costs the server in all. */
  operationsPerWait: number;
  /** Runs in which a checker found a violation (flufl and Mailman 2.1 are known to have some). */
  failingSeeds: number;
}

export interface NfsHandoffResult {
  world: typeof HANDOFF_WORLD;
  /** linklock, flufl and Mailman 2.1 as they are. */
  rows: NfsHandoffRow[];
  /** linklock under each of {@link POLL_SETTINGS}. */
  pollRows: NfsHandoffRow[];
}

/**
 * Cross-host hand-offs in the simulator, in virtual time: the same seeds of the same world for
 * each algorithm, so the numbers do not depend on the machine or its load.
 */
export async function runNfsHandoff(options: NfsHandoffOptions): Promise<NfsHandoffResult> {
  const rows: NfsHandoffRow[] = [];
  for (const [label, algorithm] of [
    ['linklock', 'linklock'],
    ['flufl.lock', 'flufl'],
    ['Mailman 2.1', 'mailman21'],
  ] as const) {
    options.onProgress?.(`nfs-handoff: ${label}, ${options.seeds} seeds`);
    rows.push(await measure(label, algorithm, options.seeds));
  }
  const pollRows: NfsHandoffRow[] = [];
  for (const retry of POLL_SETTINGS) {
    const label = `linklock, retry ${retry.minDelay}–${retry.maxDelay} ms`;
    options.onProgress?.(`nfs-handoff: ${label}, ${options.seeds} seeds`);
    pollRows.push({ ...(await measure(label, linklockWithRetry(retry), options.seeds)), retry });
  }
  return { world: HANDOFF_WORLD, rows, pollRows };
}

async function measure(
  label: string,
  algorithm: string | LockAlgorithm,
  seeds: number,
): Promise<NfsHandoffRow> {
  const latencies: number[] = [];
  const waiting = { operations: 0, waitingMs: 0, waits: 0 };
  let failingSeeds = 0;
  for (let seed = 1; seed <= seeds; seed += 1) {
    const run = await simulate({ ...HANDOFF_WORLD, seed, algorithm });
    for (const handoff of collectCrossHostHandoffs(run.trace)) latencies.push(handoff.latencyMs);
    const { operations, waitingMs, waits } = operationsWhileWaiting(run.trace);
    waiting.operations += operations;
    waiting.waitingMs += waitingMs;
    waiting.waits += waits;
    if (run.violations.length > 0) failingSeeds += 1;
  }
  const sorted = latencies.sort((a, b) => a - b);
  return {
    label,
    seeds,
    handoffs: sorted.length,
    latencyMs: {
      median: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      max: sorted[sorted.length - 1] ?? Number.NaN,
    },
    operationsPerWaiterPerSecond: (waiting.operations / waiting.waitingMs) * 1_000,
    operationsPerWait: waiting.operations / waiting.waits,
    failingSeeds,
  };
}
