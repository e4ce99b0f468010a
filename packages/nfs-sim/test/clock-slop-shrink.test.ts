import { SeededRandom } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';
import { linklockWithClockSlop } from '../src/algorithms/linklock-with-clock-slop.js';
import {
  hadTwoHolders,
  profileNamed,
  SSHFS_LIKE,
  simulate,
  type WorldOptions,
} from '../src/index.js';

/**
 * A world where the error of reading the server's clock decides (docs/simulator.md, "The clock
 * slop"): sshfs-like mounts, whose whole-second mtimes make each reading up to 500 ms off; a
 * lifetime of 100 ms, so that a live holder's expiry is never more than about 70 ms ahead of
 * the server's clock; critical sections longer than the lifetime, so that waiters judge a
 * holder's record between its refreshes; and runs longer than an estimate's 60 s, so that the
 * processes measure the server's clock again at scattered moments of its seconds.
 */
function mtimeErrorWorld(seed: number): WorldOptions {
  const base = profileNamed('local').build(new SeededRandom(`clock-slop:${seed}`), {
    clients: 2,
    processes: 4,
  });
  return {
    ...base,
    lifetimeMs: 100,
    crashes: [],
    clients: base.clients.map((client) => ({ ...client, mount: SSHFS_LIKE })),
    workload: {
      ...base.workload,
      iterations: 150,
      criticalSectionMs: [100, 400],
      tryLockShare: 0,
      timeoutShare: 0,
    },
  };
}

/** A seed of {@link mtimeErrorWorld} where a slop of 0 lets a waiter break a live holder. */
const UNSAFE_AT_ZERO = 2;

describe('the clock slop on the server clock, shrunk until the simulator finds the unsafe value', () => {
  it('with no slop, a waiter whose reading runs ahead breaks a live holder: two holders at once', async () => {
    const run = await simulate({
      seed: UNSAFE_AT_ZERO,
      world: mtimeErrorWorld(UNSAFE_AT_ZERO),
      algorithm: linklockWithClockSlop(0),
    });
    expect(hadTwoHolders(run)).toBe(true);
    expect(run.violations[0]?.message).toContain('no assumption was broken');
  }, 120_000);

  it("with the derived default (the waiter's own uncertainty, at least 1 s + the resolution), none in the same seeds", async () => {
    for (const seed of [UNSAFE_AT_ZERO, 8]) {
      const run = await simulate({ seed, world: mtimeErrorWorld(seed), algorithm: 'linklock' });
      expect(run.violations, `seed ${seed}`).toEqual([]);
      expect(run.finished).toBe(true);
    }
  }, 120_000);
});
