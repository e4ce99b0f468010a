import { describe, expect, it } from 'vitest';
import { ClientClock, SIM_EPOCH_MS } from '../../src/sim/client-clock.js';
import { Rig } from './support/rig.js';

const HOUR_MS = 3_600_000;

describe('ClientClock', () => {
  it('reads the epoch plus the true time when it is exact', () => {
    const clock = new ClientClock();
    expect(clock.read(0)).toBe(SIM_EPOCH_MS);
    expect(clock.read(1_234)).toBe(SIM_EPOCH_MS + 1_234);
  });

  it('adds a fixed offset, ahead or behind', () => {
    expect(new ClientClock({ offsetMs: 5_000 }).read(1_000)).toBe(SIM_EPOCH_MS + 6_000);
    expect(new ClientClock({ offsetMs: -5_000 }).read(1_000)).toBe(SIM_EPOCH_MS - 4_000);
  });

  it('drifts by parts per million of the true time elapsed', () => {
    const fast = new ClientClock({ driftPpm: 100 });
    const slow = new ClientClock({ driftPpm: -50 });
    expect(fast.read(0)).toBe(SIM_EPOCH_MS);
    expect(fast.read(HOUR_MS)).toBe(SIM_EPOCH_MS + HOUR_MS + 360); // 100 ppm of an hour
    expect(slow.read(HOUR_MS)).toBe(SIM_EPOCH_MS + HOUR_MS - 180);
  });

  it('steps by the given amount from the step time on, and can go backwards', () => {
    const clock = new ClientClock({ steps: [{ atMs: 10_000, byMs: -5_000 }] });
    expect(clock.read(9_999)).toBe(SIM_EPOCH_MS + 9_999);
    expect(clock.read(10_000)).toBe(SIM_EPOCH_MS + 5_000);
    expect(clock.read(10_001)).toBeLessThan(clock.read(9_999));
  });

  it('applies every step at or before the time, whatever order they were given in', () => {
    const clock = new ClientClock({
      offsetMs: 100,
      steps: [
        { atMs: 20_000, byMs: 1_000 },
        { atMs: 10_000, byMs: 60_000 },
      ],
    });
    expect(clock.steps.map((step) => step.atMs)).toEqual([10_000, 20_000]);
    expect(clock.read(15_000)).toBe(SIM_EPOCH_MS + 15_000 + 100 + 60_000);
    expect(clock.read(25_000)).toBe(SIM_EPOCH_MS + 25_000 + 100 + 61_000);
  });

  it('combines offset, drift and steps', () => {
    const clock = new ClientClock({
      offsetMs: -2_000,
      driftPpm: 1_000,
      steps: [{ atMs: 1_000, byMs: 500 }],
    });
    expect(clock.read(2_000)).toBe(SIM_EPOCH_MS + 2_000 - 2_000 + 2 + 500);
  });

  it('keeps sub-millisecond drift to the microsecond', () => {
    const clock = new ClientClock({ driftPpm: 1 });
    expect(clock.read(1_500)).toBe(SIM_EPOCH_MS + 1_500.002); // 1.5 µs, rounded
  });

  describe('as a client host reads it', () => {
    it('is the true time of the run seen through that host clock, while the server keeps true time', async () => {
      const rig = new Rig();
      const ahead = rig.client('ahead', { clock: { offsetMs: 30_000, driftPpm: 200 } });
      const exact = rig.client('exact');

      await rig.advanceTo(HOUR_MS);

      expect(exact.nfs.now()).toBe(SIM_EPOCH_MS + HOUR_MS);
      expect(ahead.nfs.now()).toBe(SIM_EPOCH_MS + HOUR_MS + 30_000 + 720);
    });

    it('jumps when the step time passes', async () => {
      const rig = new Rig();
      const stepped = rig.client('stepped', { clock: { steps: [{ atMs: 5_000, byMs: -3_000 }] } });

      await rig.advanceTo(4_000);
      const before = stepped.nfs.now();
      await rig.advanceTo(5_000);

      expect(stepped.nfs.now()).toBe(before - 2_000);
    });
  });
});
