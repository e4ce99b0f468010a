import { describe, expect, it } from 'vitest';
import { fairnessTargets } from '../src/fairness/fairness-report.js';
import { type FairnessRow, jainIndex } from '../src/workloads/fairness.js';

function row(id: string, p99: number, perSecond: number, processes = 8): FairnessRow {
  return {
    id,
    label: id,
    processes,
    acquisitionsPerSecond: perSecond,
    waitMs: { p50: p99 / 4, p99, max: p99 * 2 },
    jain: 1,
    overlaps: 0,
  };
}

describe("Jain's fairness index", () => {
  it('is 1 for equal shares, 1/n when one process takes all, in between otherwise', () => {
    expect(jainIndex([5, 5, 5, 5])).toBe(1);
    expect(jainIndex([20, 0, 0, 0])).toBe(0.25);
    expect(jainIndex([10, 5, 5, 0])).toBeCloseTo(400 / (4 * 150));
  });
});

describe('fairness targets', () => {
  it("hold the fair mode's p99 wait against the best peer's, and its throughput against proper-lockfile's poll", () => {
    const rows = [
      row('linklock', 150, 900),
      row('linklock-fair', 20, 700),
      row('proper-lockfile-poll', 80, 650),
      row('lockfile', 45, 1_500),
      row('py-filelock-strict', 200, 900),
    ];
    // Best peer: lockfile's 45 ms (linklock's own rows do not count).
    expect(fairnessTargets({ rows }).map((target) => target.met)).toEqual([true, true]);
    expect(
      fairnessTargets({
        rows: rows.map((r) => (r.id === 'linklock-fair' ? row(r.id, 23, 600) : r)),
      }).map((target) => target.met),
    ).toEqual([false, false]);
    expect(fairnessTargets({ rows: rows.filter((r) => r.id !== 'linklock-fair') })).toEqual([]);
  });
});
