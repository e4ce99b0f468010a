import { describe, expect, it } from 'vitest';
import { HolderCrashes } from '../../src/sim/holder-crashes.js';
import { simulate } from '../../src/simulate.js';

describe('HolderCrashes', () => {
  it("kills a process at its first entry at or after the plan's time, once", () => {
    let now = 0;
    const crashed: number[] = [];
    const crashes = new HolderCrashes(
      () => now,
      (pid) => crashed.push(pid),
    );
    crashes.plan(7, 100);
    now = 50;
    crashes.entered(7); // too early
    crashes.entered(8); // no plan
    expect(crashed).toEqual([]);
    now = 100;
    crashes.entered(7);
    now = 200;
    crashes.entered(7); // that plan is spent
    expect(crashed).toEqual([7]);
  });

  it("crashes the double-break scenario's holder right as it enters, with its lock", async () => {
    const result = await simulate({ seed: 3, profile: 'double-break', algorithm: 'linklock' });
    const planned = result.options.crashes.filter((crash) => crash.holding);
    expect(planned).toHaveLength(1);
    const pid = 1001 + planned[0]!.process;
    const enter = result.trace.findIndex((e) => e.kind === 'cs-enter' && e.pid === pid);
    expect(result.trace[enter + 1]).toEqual({ t: result.trace[enter]!.t, kind: 'crash', pid });
    expect(result.trace.filter((e) => 'pid' in e && e.pid === pid).at(-1)?.kind).toBe('crash');
  });
});
