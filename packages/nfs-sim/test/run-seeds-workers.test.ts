import { describe, expect, it } from 'vitest';
import { algorithmNamed } from '../src/algorithms/registry.js';
import { type RunSummary, runSeeds, SeedRunError } from '../src/index.js';

const BATCH = { seeds: 10, firstSeed: 3, profile: 'chaos', algorithm: 'linklock' } as const;

describe('runSeeds({ workers })', () => {
  it('gives the same runs, in seed order, on 1, 2 and 3 worker threads', async () => {
    const alone = await runSeeds(BATCH);
    expect(alone.runs.map((run) => run.seed)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const workers of [2, 3]) {
      const spread = await runSeeds({ ...BATCH, workers });
      expect(spread.runs, `${workers} workers`).toEqual(alone.runs);
      expect(spread.fileOperations).toBe(alone.fileOperations);
      expect(spread.failingSeeds).toEqual(alone.failingSeeds);
    }
  });

  it('reports progress once per run, counting up to the total', async () => {
    const calls: [number, number, RunSummary][] = [];
    const batch = await runSeeds({
      ...BATCH,
      workers: 2,
      onProgress: (done, total, run) => calls.push([done, total, run]),
    });
    expect(calls.map(([done]) => done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(calls.every(([, total]) => total === BATCH.seeds)).toBe(true);
    const reported = calls.map(([, , run]) => run.seed).sort((a, b) => a - b);
    expect(reported).toEqual(batch.runs.map((run) => run.seed));
  });

  it('names the seed of a run that failed in a worker', async () => {
    const error = await runSeeds({ ...BATCH, profile: 'no-such-profile', workers: 2 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SeedRunError);
    const { seed, message } = error as SeedRunError;
    expect(seed).toBeGreaterThanOrEqual(BATCH.firstSeed);
    expect(seed).toBeLessThan(BATCH.firstSeed + BATCH.seeds);
    expect(message).toContain(`seed ${seed} failed`);
    expect(message).toContain("Unknown profile 'no-such-profile'");
    // The batch after it runs on a new pool.
    const next = await runSeeds({ ...BATCH, seeds: 4, workers: 2 });
    expect(next.runs.map((run) => run.seed)).toEqual([3, 4, 5, 6]);
  });

  it('refuses an algorithm object for worker threads, and a worker count below 1', async () => {
    await expect(
      runSeeds({ ...BATCH, algorithm: algorithmNamed('linklock'), workers: 2 }),
    ).rejects.toThrow(/cannot be sent to worker threads/);
    await expect(runSeeds({ ...BATCH, workers: 0 })).rejects.toThrow(RangeError);
  });
});
