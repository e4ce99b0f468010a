import { describe, expect, it } from 'vitest';
import {
  callsBetween,
  formatCalls,
  formatCount,
  perCycle,
  totalCalls,
} from '../src/nfs/procedure-calls.js';

describe('NFS calls between two snapshots of the counters', () => {
  it('keeps the procedures that were called, including ones the first snapshot lacked', () => {
    const before = { FSINFO: 1, LOOKUP: 10, CREATE: 2, WRITE: 2 };
    const after = { FSINFO: 1, LOOKUP: 16, CREATE: 3, WRITE: 4, LINK: 1, REMOVE: undefined };
    expect(callsBetween(before, after)).toEqual({ LOOKUP: 6, CREATE: 1, WRITE: 2, LINK: 1 });
  });

  it('are none between equal snapshots', () => {
    expect(callsBetween({ LOOKUP: 3 }, { LOOKUP: 3 })).toEqual({});
    expect(totalCalls({})).toBe(0);
  });

  it('refuse counters that went down: the snapshots are of two adapters', () => {
    expect(() => callsBetween({ LOOKUP: 5 }, { LOOKUP: 4 })).toThrow(/LOOKUP calls went down/);
    expect(() => callsBetween({ READ: 1 }, {})).toThrow(RangeError);
  });

  it('add up to the cycle total', () => {
    expect(totalCalls({ LOOKUP: 6, SETATTR: 3, REMOVE: 2, CREATE: 1 })).toBe(12);
  });
});

describe('calls per cycle', () => {
  it('are the mean of the cycles, procedure by procedure', () => {
    expect(perCycle({ LOOKUP: 202, CREATE: 100 }, 100)).toEqual({ LOOKUP: 2.02, CREATE: 1 });
  });

  it('need at least one whole cycle', () => {
    expect(() => perCycle({ LOOKUP: 2 }, 0)).toThrow(RangeError);
    expect(() => perCycle({ LOOKUP: 2 }, 1.5)).toThrow(RangeError);
  });
});

describe('a breakdown by procedure', () => {
  it('lists the most frequent procedure first, ties by name', () => {
    expect(
      formatCalls({ WRITE: 1, CREATE: 1, REMOVE: 2, LOOKUP: 6, SETATTR: 3, LINK: 1, READ: 1 }),
    ).toBe('LOOKUP 6, SETATTR 3, REMOVE 2, CREATE 1, LINK 1, READ 1, WRITE 1');
  });

  it('shows a mean that is not whole with two decimals, so it never passes for exact', () => {
    expect(formatCalls({ LOOKUP: 2.004, CREATE: 1 })).toBe('LOOKUP 2.00, CREATE 1');
    expect(formatCount(9)).toBe('9');
    expect(formatCount(9.125)).toBe('9.13');
  });

  it('says so when nothing was called', () => {
    expect(formatCalls({})).toBe('none');
  });
});
