import { asLockInstance, type LockAlgorithm, runSeeds, simulate } from '@linklock/nfs-sim';
import { describe, expect, it } from 'vitest';
import { createLinklockContainer, LINKLOCK } from '../src/index.js';

/**
 * linklock wired by inversify, as a simulator algorithm: each simulated process builds its own
 * container from the context the simulator hands it and takes its lock from the factory.
 */
const containerLinklock: LockAlgorithm = {
  name: 'linklock-inversify',
  fencingTokens: true,
  description: 'linklock from a createLinklockContainer({ backend: "nfs-sim" }) container',
  create(context) {
    const container = createLinklockContainer({
      backend: 'nfs-sim',
      simulated: context,
      lock: {
        lifetime: context.lifetimeMs,
        clockSlop: context.clockSlopMs,
        fencing: context.fencing ?? false,
      },
    });
    const lock = container.get(LINKLOCK.LockFactory)(context.lockfile, {
      onCompromised: (error) => context.onCompromised(error.message),
    });
    return asLockInstance(lock);
  },
};

describe("the 'nfs-sim' backend in the simulator", () => {
  it('keeps mutual exclusion over 20 seeds of the nfs profile, with acquisitions in every run', async () => {
    const batch = await runSeeds({ seeds: 20, profile: 'nfs', algorithm: containerLinklock });
    expect(batch.algorithm).toBe('linklock-inversify');
    expect(batch.runs).toHaveLength(20);
    expect(batch.failingSeeds).toEqual([]);
    expect(batch.violationsByChecker).toEqual({});
    for (const run of batch.runs) {
      expect(run.finished, `seed ${run.seed}`).toBe(true);
      expect(run.acquisitions, `seed ${run.seed}`).toBeGreaterThan(0);
    }
  });

  it('runs exactly as the built-in linklock algorithm does, seed for seed', async () => {
    for (const seed of [1, 2, 3]) {
      const wired = await simulate({ seed, profile: 'nfs', algorithm: containerLinklock });
      const direct = await simulate({ seed, profile: 'nfs', algorithm: 'linklock' });
      expect(wired.traceHash, `seed ${seed}`).toBe(direct.traceHash);
    }
  });
});
