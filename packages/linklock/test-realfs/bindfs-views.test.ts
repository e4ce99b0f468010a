import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killAllFixtures } from '../test/support/fixture-process.js';
import { contend } from './contention.js';
import { useScene } from './realfs.js';

// Two bindfs views of one directory, each with 2 s attribute, entry and negative caches: two
// "clients" that learn of each other's creates, links and removals up to 2 s late, as NFS
// clients do. The lock reads content (served fresh on open), never cached attributes.
const scene = useScene();
afterEach(killAllFixtures);

describe('two bindfs views with attribute and lookup caches', () => {
  it('4 processes on each view, 200 acquisitions each: exact count, no overlap, nothing left', async () => {
    const { view1, view2, backing, counter } = scene();
    const contenders = [view1, view1, view1, view1, view2, view2, view2, view2].map((view) => ({
      lockfile: join(view, 'jobs.lock'),
      iterations: 200,
    }));
    const outcome = await contend(contenders, counter, backing, 240_000);
    expect(outcome.overlaps).toEqual([]);
    expect(outcome.problems).toEqual([]);
    expect(outcome.acquisitions).toBe(1_600);
    expect(outcome.counter).toBe(1_600);
    expect(outcome.leftovers).toEqual([]);
  }, 300_000);

  it('a holder on one view is never broken early by a waiter on the other: 50 hand-offs, filesystem time', async () => {
    const { view1, view2, backing, counter } = scene();
    // Lifetime 3 s (refresh every 1 s), slop 1 s; each critical section lasts 1.1 s, so every
    // hand-off spans a refresh that the other view sees through its caches.
    const options = ['--lifetime', '3000', '--clock-slop', '1000', '--hold-ms', '1100'];
    const outcome = await contend(
      [
        { lockfile: join(view1, 'jobs.lock'), iterations: 25, options },
        { lockfile: join(view2, 'jobs.lock'), iterations: 25, options },
      ],
      counter,
      backing,
      240_000,
    );
    expect(outcome.breaks).toEqual([]);
    expect(outcome.overlaps).toEqual([]);
    expect(outcome.problems).toEqual([]);
    expect(outcome.counter).toBe(50);
    expect(outcome.leftovers).toEqual([]);
  }, 300_000);
});
