import { runSeeds, type SimulationResult, simulate } from '../../src/index.js';

/**
 * Real runs for the report's tests, each simulated once per test file: failing Mailman 2.1
 * seeds of the `nfs` profile (the first failing one, and the first with a safety violation),
 * clean linklock runs, and fault-heavy runs for the markers.
 */
export interface Runs {
  mailmanFirstFailing: SimulationResult;
  mailmanSafety: SimulationResult;
  cleanLinklock: SimulationResult;
  lossy: SimulationResult;
  chaos: SimulationResult;
}

export async function loadRuns(): Promise<Runs> {
  const batch = await runSeeds({ seeds: 30, profile: 'nfs', algorithm: 'mailman21' });
  const safetySeed = batch.runs.find((run) => run.violations.some((v) => v.checker === 'safety'));
  if (batch.failingSeeds.length === 0 || safetySeed === undefined)
    throw new Error('expected failing mailman21 seeds with a safety violation among 30 nfs seeds');
  return {
    mailmanFirstFailing: await simulate({
      seed: batch.failingSeeds[0]!,
      profile: 'nfs',
      algorithm: 'mailman21',
    }),
    mailmanSafety: await simulate({
      seed: safetySeed.seed,
      profile: 'nfs',
      algorithm: 'mailman21',
    }),
    cleanLinklock: await simulate({ seed: 1, profile: 'nfs', algorithm: 'linklock' }),
    lossy: await simulate({ seed: 2, profile: 'lossy', algorithm: 'linklock' }),
    chaos: await firstChaosWith(['crash', 'pause', 'server-restart']),
  };
}

/** The first linklock chaos seed whose trace has every one of these kinds of event. */
async function firstChaosWith(kinds: string[]): Promise<SimulationResult> {
  for (let seed = 1; seed < 200; seed += 1) {
    const result = await simulate({ seed, profile: 'chaos', algorithm: 'linklock' });
    const seen = new Set<string>(result.trace.map((e) => (e.kind === 'fault' ? e.what : e.kind)));
    if (kinds.every((kind) => seen.has(kind))) return result;
  }
  throw new Error(`no chaos seed below 200 with ${kinds.join(', ')}`);
}
