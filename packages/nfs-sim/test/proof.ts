import { expect, it } from 'vitest';
import { runSeeds } from '../src/index.js';

/** Seeds per profile in the proof runs: 2,000 in CI; LINKLOCK_SIM_SEEDS overrides (pnpm simulate:long runs 10,000). */
export const PROOF_SEEDS = Number(process.env.LINKLOCK_SIM_SEEDS ?? 2_000);

/**
 * The proof of one algorithm over {@link PROOF_SEEDS} seeds of `profile`: one file per
 * algorithm and profile, so that the test runner spreads them over the cores.
 */
export function proveProfile(
  profile: string,
  algorithm: 'linklock' | 'linklock-rw' | 'linklock-fair',
  seeds = PROOF_SEEDS,
): void {
  it(
    `${algorithm}: no violation in ${seeds} seeds of the '${profile}' profile`,
    () => expectNoViolations(profile, algorithm, seeds),
    1_800_000,
  );
}

/**
 * Seeds per profile for the fair mode in CI: its waiters list the directory at every look, so a
 * run costs two to three times the default mode's (`double-break` about 0.6 s of CPU a seed),
 * and CI has two cores; `pnpm simulate:long` runs it in full.
 */
export const FAIR_PROOF_SEEDS = Math.ceil(PROOF_SEEDS / 10);

/** An algorithm over `seeds` seeds of a profile: no safety, liveness, hygiene or fencing violation. */
export async function expectNoViolations(
  profile: string,
  algorithm: string,
  seeds = PROOF_SEEDS,
): Promise<void> {
  const batch = await runSeeds({ seeds, profile, algorithm });
  const failures = batch.runs
    .filter((run) => run.violations.length > 0 || !run.finished)
    .map(
      (run) =>
        `seed ${run.seed} (replay: replay(${run.seed}, { profile: '${profile}', algorithm: '${algorithm}' })): ${run.violations[0]?.message ?? 'did not finish'}`,
    );
  expect(failures, `${failures.length} of ${seeds} ${profile} seeds failed`).toEqual([]);
  expect(batch.runs).toHaveLength(seeds);
}
