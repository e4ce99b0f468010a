import { describe, expect, it } from 'vitest';
import { runSeeds, shrink, simulate } from '../src/index.js';

/**
 * The checker must be able to fail: the anchors' published rules, run through the same
 * simulator, must be caught. Each case searches the first seeds for the violation and then
 * replays the seed it found, which is what a bug report would carry.
 */
async function firstFailing(profile: string, algorithm: string, checker: string, seeds: number) {
  const batch = await runSeeds({ seeds, profile, algorithm });
  const run = batch.runs.find((r) => r.violations.some((v) => v.checker === checker));
  expect(
    run,
    `${algorithm} should show a ${checker} violation in ${profile} within ${seeds} seeds`,
  ).toBeDefined();
  const replayed = await simulate({ seed: run!.seed, profile, algorithm });
  expect(replayed.traceHash).toBe(run!.traceHash);
  return replayed;
}

describe('the reference algorithms are caught', () => {
  it('mailman21 in nfs: the seed race logs errors and breaks a lock that had just vanished', async () => {
    const run = await firstFailing('nfs', 'mailman21', 'hygiene', 50);
    const logs = run.trace
      .filter((e) => e.kind === 'log')
      .map((e) => (e as { message: string }).message);
    expect(logs).toContain('unexpected linkcount: -1');
  });

  it('mailman21 in the seed-race scenario: a lock that had just vanished is judged expired and "broken"', async () => {
    // No process crashes or pauses in this scenario and every critical section lasts 1-5 ms:
    // no lock ever expires, so every break is the seed race's bogus one (release time -1).
    const run = await firstFailing('seed-race', 'mailman21', 'hygiene', 50);
    const logs = run.trace
      .filter((e) => e.kind === 'log')
      .map((e) => (e as { message: string }).message);
    expect(logs).toContain('lifetime has expired, breaking');
    expect(run.trace.some((e) => e.kind === 'crash' || e.kind === 'pause')).toBe(false);
  });

  it('flufl in the double-break scenario: two waiters break one expired lock and two processes hold it (H2)', async () => {
    const run = await firstFailing('double-break', 'flufl', 'safety', 60);
    const breaks = run.trace.filter(
      (e) => e.kind === 'log' && e.message === 'lifetime has expired, breaking',
    );
    expect(new Set(breaks.map((e) => (e as { pid: number }).pid)).size).toBeGreaterThanOrEqual(2);
  });

  it('naive-excl under lossy: lost replies and unconditional removal let two processes in', async () => {
    await firstFailing('lossy', 'naive-excl', 'safety', 50);
  });

  it('a failing seed shrinks to a run that still fails the same way', async () => {
    const run = await firstFailing('lossy', 'mailman21', 'safety', 50);
    const shrunk = await shrink(run, 'mailman21', 60);
    expect(shrunk.violations.some((v) => v.checker === 'safety')).toBe(true);
    const replay = await simulate({
      seed: shrunk.seed,
      algorithm: 'mailman21',
      world: shrunk.options,
    });
    expect(replay.violations.some((v) => v.checker === 'safety')).toBe(true);
    expect(shrunk.options.workload.iterations).toBeLessThanOrEqual(run.options.workload.iterations);
  });
});
