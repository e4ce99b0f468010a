import { describe, expect, it } from 'vitest';
import type { LockHandle } from '../src/libraries.js';
import { cyclesInRounds, timeInRounds } from '../src/rounds.js';

/** A handle that logs its cycles into `log` under `name`. */
function logging(name: string, log: string[]): LockHandle {
  return {
    acquire: async () => {
      log.push(name);
    },
    release: async () => {},
  };
}

describe('timed rounds', () => {
  it('warm every handle up, then rotate the order each round', async () => {
    const log: string[] = [];
    const rounds: number[] = [];
    const samples = await timeInRounds([logging('a', log), logging('b', log), logging('c', log)], {
      iterations: 3,
      warmup: 1,
      rounds: 3,
      onRound: (round, of) => rounds.push(round * 10 + of),
    });
    expect(log.join('')).toBe(['abc', 'abc', 'bca', 'cab'].join(''));
    expect(rounds).toEqual([13, 23, 33]);
    expect(samples.map((perHandle) => perHandle.length)).toEqual([3, 3, 3]);
    expect(samples.flat().every((ns) => ns >= 0)).toBe(true);
  });

  it('round the timed cycles up to whole rounds, and count them with the warm-up', async () => {
    const options = { iterations: 10, warmup: 4, rounds: 3 };
    const log: string[] = [];
    const [samples] = await timeInRounds([logging('a', log)], options);
    expect(samples).toHaveLength(12);
    expect(log).toHaveLength(cyclesInRounds(options));
    expect(cyclesInRounds(options)).toBe(16);
  });
});
