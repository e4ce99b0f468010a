// Three workers drain one spool on a virtual clock, with latency and lost replies drawn from
// a seed: different interleavings and faults per seed, the same ones every run of a seed.

import { VirtualClock } from '@linklock/conformance';
import { describe, expect, it } from 'vitest';
import { claimNext, complete, type Worker } from '../src/job-queue.js';
import { spoolFiles, spoolWith, workerOn } from './support/spool.js';

const JOBS = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`job${i}`, `payload ${i}`]));
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** Claims and runs jobs until none is left to claim; returns the payloads it ran. */
async function drain(worker: Worker, clock: VirtualClock): Promise<string[]> {
  const ran: string[] = [];
  for (let claim = await claimNext(worker); claim !== null; claim = await claimNext(worker)) {
    ran.push(claim.payload);
    await clock.sleep(5); // the work itself
    await complete(worker, claim);
  }
  return ran;
}

describe('three workers with latency and lost replies', () => {
  it.each(SEEDS)('seed %i: every job runs exactly once, and the spool ends empty', async (seed) => {
    const clock = new VirtualClock(0);
    const volume = spoolWith(JOBS);
    const workers = ['a', 'b', 'c'].map((name) =>
      workerOn(volume, name, {
        seed: `${seed}-${name}`,
        clock,
        latency: { default: { minMs: 1, meanMs: 3 } },
        rules: [
          { op: 'writeFile', path: /\.claim$/, errno: 'EEXIST', phase: 'after', probability: 0.2 },
          { op: 'writeFile', path: /\.claim$/, errno: 'EIO', phase: 'after', probability: 0.1 },
          { op: 'unlink', errno: 'ENOENT', phase: 'after', probability: 0.2 },
        ],
      }),
    );

    const ranBy = await Promise.all(workers.map((worker) => drain(worker, clock)));

    expect(ranBy.flat().sort()).toEqual(Object.values(JOBS).sort());
    expect(spoolFiles(volume)).toEqual([]);
    // The run really was concurrent and faulty, or it would prove nothing.
    expect(ranBy.filter((ran) => ran.length > 0).length).toBeGreaterThan(1);
    const injected = workers.flatMap((worker) => worker.fs.history()).filter((e) => e.injected);
    expect(injected.length).toBeGreaterThan(0);
    expect(clock.now()).toBeGreaterThan(0);
  });
});
