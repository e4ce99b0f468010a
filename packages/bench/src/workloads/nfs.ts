import { NfsAdapter } from '@linklock/nfs';
import { ExportDirectory } from '../nfs/export-directory.js';
import { NFS_ALGORITHMS } from '../nfs/nfs-algorithms.js';
import { type NfsServer, obtainNfsServer } from '../nfs/nfs-server.js';
import { callsBetween, type ProcedureCalls, perCycle, totalCalls } from '../nfs/procedure-calls.js';
import { exportDirectory } from '../nfs/server-config.js';
import { cyclesInRounds, timeInRounds } from '../rounds.js';
import { mean, type Summary, summarize } from '../stats.js';

export interface NfsOptions {
  /** Timed acquire + release cycles per algorithm. */
  iterations: number;
  /** Untimed cycles per algorithm before the timed ones. */
  warmup: number;
  /** Rounds the timed cycles are split into, every algorithm once per round. */
  rounds: number;
  onProgress?(message: string): void;
}

/** NFS calls of some acquire + release cycles, by procedure and in all. */
export interface CycleCalls {
  total: number;
  byProcedure: ProcedureCalls;
}

export interface NfsRow {
  id: string;
  label: string;
  settings: string;
  /** The first acquire + release over a fresh connection (directory lookups, calibration). */
  firstCycle: CycleCalls;
  /** The mean per acquire + release over every later cycle of the run, warm-up included. */
  laterCycles: CycleCalls & { cycles: number };
  /** Milliseconds per timed acquire + release. */
  ms: Summary & { mean: number };
  /** Requests sent again for want of a reply, over the whole run (not counted as calls). */
  retransmissions: number;
  /** TCP connections the adapter opened: more than 1 means it had to reconnect. */
  connections: number;
}

export interface NfsServerInfo {
  url: string;
  version: string;
  startedByBench: boolean;
}

export type NfsResult =
  | { status: 'measured'; server: NfsServerInfo; rows: NfsRow[] }
  | { status: 'skipped'; reason: string };

/**
 * linklock and the reference algorithms, each over its own `NfsAdapter` connection to a real
 * NFS server: the NFS calls of one uncontended acquire + release, by procedure, and its latency.
 * A machine that cannot run an NFS server skips this workload, with the reason.
 */
export async function runNfs(options: NfsOptions): Promise<NfsResult> {
  const progress = (message: string) => options.onProgress?.(message);
  const obtained = await obtainNfsServer(progress);
  if ('unavailable' in obtained) return skipped(obtained.unavailable, progress);
  const { server } = obtained;
  try {
    return await measureOn(server, options, progress);
  } finally {
    server.stop();
  }
}

async function measureOn(
  server: NfsServer,
  options: NfsOptions,
  progress: (message: string) => void,
): Promise<NfsResult> {
  let directory: ExportDirectory;
  try {
    directory = new ExportDirectory(exportDirectory(server.config));
  } catch (error) {
    return skipped(`cannot make a directory in the export: ${messageOf(error)}`, progress);
  }
  const adapters: NfsAdapter[] = [];
  try {
    try {
      for (const _ of NFS_ALGORITHMS) adapters.push(await NfsAdapter.connect(server.url));
    } catch (error) {
      return skipped(`cannot mount ${server.url}: ${messageOf(error)}`, progress);
    }
    progress(`nfs: ${server.version} at ${server.url}, in ${directory.inExport}`);
    const rows = await measure(adapters, directory, options, progress);
    return {
      status: 'measured',
      server: { url: server.url, version: server.version, startedByBench: server.startedByBench },
      rows,
    };
  } finally {
    await Promise.all(adapters.map((adapter) => adapter.close()));
    directory.remove();
  }
}

async function measure(
  adapters: readonly NfsAdapter[],
  directory: ExportDirectory,
  options: NfsOptions,
  progress: (message: string) => void,
): Promise<NfsRow[]> {
  const counters = (index: number) => ({ ...(adapters[index] as NfsAdapter).statistics().calls });
  const handles = NFS_ALGORITHMS.map((algorithm, index) =>
    algorithm.open(adapters[index] as NfsAdapter, directory.subdirectory(algorithm.id)),
  );
  // The first cycle alone: it pays once for what later cycles find cached or still valid.
  const firstCycles: ProcedureCalls[] = [];
  for (const [index, handle] of handles.entries()) {
    const before = counters(index);
    await handle.acquire();
    await handle.release();
    firstCycles.push(callsBetween(before, counters(index)));
  }
  // Each adapter carries one algorithm's calls only, so the rounds may interleave them freely.
  const afterFirst = handles.map((_, index) => counters(index));
  const rounds = {
    iterations: options.iterations,
    warmup: options.warmup,
    rounds: options.rounds,
    onRound: (round: number, of: number) => progress(`nfs: round ${round}/${of}`),
  };
  const samples = await timeInRounds(handles, rounds);
  const cycles = cyclesInRounds(rounds);
  return NFS_ALGORITHMS.map((algorithm, index) => {
    const first = firstCycles[index] ?? {};
    const later = perCycle(callsBetween(afterFirst[index] ?? {}, counters(index)), cycles);
    const ns = samples[index] as number[];
    const statistics = (adapters[index] as NfsAdapter).statistics();
    return {
      id: algorithm.id,
      label: algorithm.label,
      settings: algorithm.settings,
      firstCycle: { total: totalCalls(first), byProcedure: first },
      laterCycles: { total: totalCalls(later), byProcedure: later, cycles },
      ms: toMilliseconds(ns),
      retransmissions: statistics.retransmissions,
      connections: statistics.connections,
    };
  });
}

function toMilliseconds(ns: readonly number[]): Summary & { mean: number } {
  const ms = ns.map((value) => value / 1e6);
  return { ...summarize(ms), mean: mean(ms) };
}

function skipped(reason: string, progress: (message: string) => void): NfsResult {
  progress(`nfs: skipped: ${reason}`);
  return { status: 'skipped', reason };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
