import { expect } from 'vitest';
import { runSeeds } from '../src/index.js';

/** Seeds per profile in the proof runs: 2,000 in CI; LINKLOCK_SIM_SEEDS overrides (pnpm simulate:long runs 10,000). */
export const PROOF_SEEDS = Number(process.env.LINKLOCK_SIM_SEEDS ?? 2_000);

/** linklock over `seeds` seeds of a profile: no safety, liveness, hygiene or fencing violation. */
export async function expectNoViolations(profile: string, seeds = PROOF_SEEDS): Promise<void> {
  const batch = await runSeeds({ seeds, profile, algorithm: 'linklock' });
  const failures = batch.runs
    .filter((run) => run.violations.length > 0 || !run.finished)
    .map(
      (run) =>
        `seed ${run.seed} (replay: replay(${run.seed}, { profile: '${profile}' })): ${run.violations[0]?.message ?? 'did not finish'}`,
    );
  expect(failures, `${failures.length} of ${seeds} ${profile} seeds failed`).toEqual([]);
  expect(batch.runs).toHaveLength(seeds);
}
