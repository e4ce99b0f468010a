import { describe, expect, it } from 'vitest';
import { countOverlaps, handoffGapsNs, inAcquisitionOrder, unflatten } from '../src/intervals.js';

describe('critical sections of a contended run', () => {
  const a = unflatten(0, [100, 110, 130, 140]);
  const b = unflatten(1, [112, 120, 150, 160]);
  const ordered = inAcquisitionOrder([...a, ...b]);

  it('are read back from the flattened reports in acquisition order', () => {
    expect(ordered.map((interval) => [interval.process, interval.acquiredNs])).toEqual([
      [0, 100],
      [1, 112],
      [0, 130],
      [1, 150],
    ]);
  });

  it('count hand-offs between processes only, from the release to the next acquire', () => {
    expect(handoffGapsNs(ordered)).toEqual([2, 10, 10]);
    const sameProcess = inAcquisitionOrder(unflatten(0, [0, 5, 8, 9, 12, 20]));
    expect(handoffGapsNs(sameProcess)).toEqual([]);
  });

  it('find no overlap in a run that kept exclusion, and every overlap in one that did not', () => {
    expect(countOverlaps(ordered)).toBe(0);
    const broken = inAcquisitionOrder([
      ...unflatten(0, [100, 200]),
      ...unflatten(1, [150, 160]), // inside the first
      ...unflatten(2, [190, 210]), // still inside the first
      ...unflatten(3, [210, 220]), // starts exactly when the last one ended: fine
    ]);
    expect(countOverlaps(broken)).toBe(2);
  });
});
