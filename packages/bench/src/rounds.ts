import type { LockHandle } from './libraries.js';
import { nowNs } from './stats.js';

export interface RoundsOptions {
  /** Timed acquire + release cycles per handle. */
  iterations: number;
  /** Untimed cycles per handle first, so that no handle is timed while the JIT warms up. */
  warmup: number;
  /** The timed cycles are split into this many rounds; each round runs every handle in turn. */
  rounds: number;
  /** Called as each round starts (1-based). */
  onRound?(round: number, rounds: number): void;
}

/**
 * Times uncontended acquire + release cycles of several handles, interleaved: after the
 * warm-up of every handle, each round runs every handle in turn, the order rotating each
 * round, so that a noisy neighbour slows every handle alike instead of whichever happened to
 * run then. Returns the nanoseconds of each timed cycle, per handle, in the handles' order.
 */
export async function timeInRounds(
  handles: readonly LockHandle[],
  options: RoundsOptions,
): Promise<number[][]> {
  const samples = handles.map((): number[] => []);
  for (const handle of handles) await repeat(handle, options.warmup);
  const perRound = Math.ceil(options.iterations / options.rounds);
  for (let round = 0; round < options.rounds; round += 1) {
    options.onRound?.(round + 1, options.rounds);
    for (let k = 0; k < handles.length; k += 1) {
      const index = (k + round) % handles.length;
      await time(handles[index] as LockHandle, perRound, samples[index] as number[]);
    }
  }
  return samples;
}

/** How many cycles {@link timeInRounds} runs per handle, warm-up included. */
export function cyclesInRounds(options: RoundsOptions): number {
  return options.warmup + Math.ceil(options.iterations / options.rounds) * options.rounds;
}

async function repeat(handle: LockHandle, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    await handle.acquire();
    await handle.release();
  }
}

async function time(handle: LockHandle, times: number, into: number[]): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    const start = nowNs();
    await handle.acquire();
    await handle.release();
    into.push(nowNs() - start);
  }
}
