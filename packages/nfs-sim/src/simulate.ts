import { SeededRandom } from '@linklock/faulty';
import type { LockAlgorithm } from './algorithms/algorithm.js';
import { algorithmNamed } from './algorithms/registry.js';
import type { CheckOptions } from './check/check-options.js';
import { checkRun } from './check/check-run.js';
import type { Violation } from './check/violation.js';
import { type ProfileRequest, profileNamed } from './profiles.js';
import { traceHash } from './sim/trace-hash.js';
import { World } from './sim/world.js';
import type { WorldOptions } from './sim/world-options.js';
import type { FaultKind } from './trace/fault-kind.js';
import type { TraceEvent } from './trace/trace-event.js';

export interface SimulateOptions extends ProfileRequest {
  seed: number;
  /** @default 'nfs' */
  profile?: string;
  /** A name from ALGORITHMS, or an algorithm object. @default 'linklock' */
  algorithm?: string | LockAlgorithm;
  /** Run exactly these world options instead of drawing them from the profile (replay, shrink). */
  world?: WorldOptions;
}

export interface SimulationStats {
  simulatedMs: number;
  events: number;
  fileOperations: number;
  acquisitions: number;
  failedAcquisitions: number;
  crashes: number;
  pauses: number;
  /** Fault events by kind (kinds that did not happen are absent). */
  faults: Partial<Record<FaultKind, number>>;
}

export interface SimulationResult {
  seed: number;
  profile: string;
  algorithm: string;
  /** The resolved options: everything needed to replay the run. */
  options: WorldOptions;
  /** Whether every process exited or crashed within the time limit. */
  finished: boolean;
  violations: Violation[];
  /** Overlaps outside the stated assumptions that were reported to the holder (ECOMPROMISED). */
  reportedOverlaps: number;
  stats: SimulationStats;
  trace: TraceEvent[];
  traceHash: string;
}

/**
 * Runs one simulated world from a seed: the profile draws the concrete options (mounts, clocks,
 * faults, workload), the algorithm runs through the real code on simulated NFS clients, and the
 * checkers read the trace. The same seed and options give the same trace hash.
 */
export async function simulate(options: SimulateOptions): Promise<SimulationResult> {
  const profile = options.profile ?? 'nfs';
  const algorithm =
    typeof options.algorithm === 'object'
      ? options.algorithm
      : algorithmNamed(options.algorithm ?? 'linklock');
  const seed = checkSeed(options.seed);
  const world =
    options.world ?? profileNamed(profile).build(new SeededRandom(`${profile}:${seed}`), options);
  const run = new World(world, seed, algorithm.directories?.(world.lockfile) ?? []);
  const outcome = await run.run(algorithm);
  const trace = run.trace.events;
  const checkOptions: CheckOptions = { ...checkOptionsFor(world), finished: outcome.finished };
  checkOptions.fencing &&= algorithm.fencingTokens === true;
  const { violations, reportedOverlaps } = checkRun(trace, checkOptions);
  return {
    seed,
    profile,
    algorithm: algorithm.name,
    options: world,
    finished: outcome.finished,
    violations,
    reportedOverlaps,
    stats: statsOf(trace, outcome.simulatedMs, outcome.events),
    trace,
    traceHash: traceHash(trace),
  };
}

/**
 * What the checkers need to know of a run with these options: the lock's times, how long after
 * a lock became free a waiter may still legitimately wait, the time limit. (Whether the run
 * finished within it, `finished`, is known once it ran.)
 */
export function checkOptionsFor(world: WorldOptions): CheckOptions {
  const cacheMs = Math.max(
    0,
    ...world.clients.map(({ mount }) =>
      mount.noac ? 0 : Math.max(mount.acregmaxMs, mount.acdirmaxMs),
    ),
  );
  const rpcMs = Math.max(
    0,
    ...world.clients.map(({ rpc }) => rpc.timeoMs * 2 ** (rpc.retrans + 2)),
  );
  return {
    lifetimeMs: world.lifetimeMs,
    clockSlopMs: world.clockSlopMs,
    livenessBoundMs: cacheMs + rpcMs + 5_000,
    fencing: world.fencing,
    lockBasename: world.lockfile.slice(world.lockfile.lastIndexOf('/') + 1),
    timeLimitMs: world.timeLimitMs,
  };
}

function statsOf(
  trace: readonly TraceEvent[],
  simulatedMs: number,
  events: number,
): SimulationStats {
  const stats: SimulationStats = {
    simulatedMs,
    events,
    fileOperations: 0,
    acquisitions: 0,
    failedAcquisitions: 0,
    crashes: 0,
    pauses: 0,
    faults: {},
  };
  for (const event of trace) {
    if (event.kind === 'op') stats.fileOperations += 1;
    else if (event.kind === 'cs-enter') stats.acquisitions += 1;
    else if (event.kind === 'acquire-failed') stats.failedAcquisitions += 1;
    else if (event.kind === 'crash') stats.crashes += 1;
    else if (event.kind === 'pause') stats.pauses += 1;
    else if (event.kind === 'fault') stats.faults[event.what] = (stats.faults[event.what] ?? 0) + 1;
  }
  return stats;
}

function checkSeed(seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`Expected \`seed\` to be a non-negative integer, got ${String(seed)}`);
  }
  return seed;
}

/**
 * Replays a run: the same seed with the same profile and algorithm (or the exact options a
 * result recorded, `world`) gives the same trace, byte for byte.
 */
export function replay(
  seed: number,
  options: Omit<SimulateOptions, 'seed'> = {},
): Promise<SimulationResult> {
  return simulate({ ...options, seed });
}
