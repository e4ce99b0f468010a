import { describe, expect, it } from 'vitest';
import { simulate } from '../src/index.js';
import type { TraceEvent } from '../src/trace/trace-event.js';

/**
 * What the simulator finds in py-filelock 4's protocols (docs/comparison.md, "py-filelock 4 in
 * the simulator"), kept as regression tests: search the first seeds for the violation, replay
 * the seed found, and check that the trace shows the mechanism.
 */
async function firstFailing(profile: string, algorithm: string, checker: string, seeds: number) {
  for (let seed = 1; seed <= seeds; seed += 1) {
    const run = await simulate({ seed, profile, algorithm });
    if (!run.violations.some((v) => v.checker === checker)) continue;
    const replayed = await simulate({ seed, profile, algorithm });
    expect(replayed.traceHash).toBe(run.traceHash);
    return replayed;
  }
  throw new Error(
    `${algorithm} showed no ${checker} violation in ${profile} within ${seeds} seeds`,
  );
}

function endFiles(trace: readonly TraceEvent[]): string[] {
  const end = trace.findLast((event) => event.kind === 'end');
  return end?.kind === 'end' ? end.files : [];
}

describe('py-filelock-strict (StrictSoftFileLock) in the simulator', () => {
  it('nfs: a holder that dies keeps its claims for good; every other process waits until the run is cut off', async () => {
    const run = await firstFailing('nfs', 'py-filelock-strict', 'liveness', 20);
    const crash = run.trace.find((event) => event.kind === 'crash');
    expect(crash).toBeDefined();
    const dead = (crash as { pid: number }).pid;
    // It died inside the critical section: its last lock event is an entry, with no exit.
    const own = run.trace.filter((e) => 'pid' in e && e.pid === dead);
    expect(own.findLast((e) => e.kind === 'cs-enter' || e.kind === 'cs-exit')?.kind).toBe(
      'cs-enter',
    );
    // Nobody entered after it: no age breaks a strict claim, only force_break().
    const crashAt = (crash as { t: number }).t;
    expect(run.trace.some((e) => e.kind === 'cs-enter' && e.t > crashAt)).toBe(false);
    expect(run.finished).toBe(false);
    const claims = endFiles(run.trace).filter((name) => name.startsWith('jobs.lock.filelock/'));
    expect(claims.map((name) => name.replace(/[0-9a-f]{32}/, 'T')).sort()).toEqual([
      'jobs.lock.filelock/claims/held-v1-T.claim',
      'jobs.lock.filelock/claims/intent-v1-T.claim',
    ]);
  }, 300_000);
});
