import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FsAdapter } from '@linklock/core';
import { createLock, NodeFsAdapter } from 'linklock';
import type { Library } from '../libraries.js';
import { timeInRounds } from '../rounds.js';
import { scratchDirectory } from '../scratch.js';
import { mean, type Summary, summarize } from '../stats.js';

export interface UncontendedOptions {
  libraries: readonly Library[];
  /** Timed acquire + release cycles per library. */
  iterations: number;
  /** Untimed cycles per library first, so that no library is timed while the JIT warms up. */
  warmup: number;
  /** The timed cycles are split into this many rounds; each round runs every library in turn. */
  rounds: number;
  onProgress?(message: string): void;
}

export interface UncontendedRow {
  id: string;
  label: string;
  settings: string;
  /** Microseconds per acquire + release. */
  us: Summary;
  /** Their mean: unlike the median, it counts the rare slow cycles in. */
  meanUs: number;
}

export interface UncontendedResult {
  rows: UncontendedRow[];
  /** File operations linklock makes per uncontended acquire + release, by name. */
  linklockOperations: Record<string, number>;
}

/**
 * One process, one library at a time, acquire + release with nobody else around. The
 * libraries alternate in rounds (and the order rotates each round), so that a noisy
 * neighbour slows every library alike instead of whichever happened to run then.
 */
export async function runUncontended(options: UncontendedOptions): Promise<UncontendedResult> {
  const root = scratchDirectory('uncontended');
  try {
    const handles = options.libraries.map((library) => {
      const dir = mkdtempSync(join(root, `${library.id}-`));
      return library.open(dir);
    });
    const samples = await timeInRounds(handles, {
      iterations: options.iterations,
      warmup: options.warmup,
      rounds: options.rounds,
      onRound: (round, rounds) => options.onProgress?.(`uncontended: round ${round}/${rounds}`),
    });
    const rows = options.libraries.map((library, index) => ({
      id: library.id,
      label: library.label,
      settings: library.settings,
      us: toMicroseconds(summarize(samples[index] as number[])),
      meanUs: mean(samples[index] as number[]) / 1_000,
    }));
    return { rows, linklockOperations: await countLinklockOperations(root) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function toMicroseconds(summary: Summary): Summary {
  return {
    count: summary.count,
    median: summary.median / 1_000,
    p95: summary.p95 / 1_000,
    p99: summary.p99 / 1_000,
  };
}

/** The file operations of one uncontended acquire + release, counted through the adapter. */
async function countLinklockOperations(root: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const adapter = new NodeFsAdapter();
  const counting = new Proxy(adapter, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'watch') return value;
      return (...args: unknown[]) => {
        counts[String(property)] = (counts[String(property)] ?? 0) + 1;
        return value.apply(target, args);
      };
    },
  }) as FsAdapter;
  const dir = mkdtempSync(join(root, 'count-'));
  const lock = createLock(join(dir, 'resource.lock'), { fs: counting });
  // The first acquisition of a process also calibrates against the file server's clock.
  await lock.lock();
  await lock.unlock();
  for (const key of Object.keys(counts)) delete counts[key];
  await lock.lock();
  await lock.unlock();
  return counts;
}
