/** What the page needs of a run to pick it and name it. */
export interface RunSummary {
  algorithm: string;
  profile: string;
  seed: number;
  violations: readonly unknown[];
}

/**
 * The run a page of several opens on: the first with a violation, since a failing run is what
 * the reader came for (`replay --algorithm all` lists linklock, clean, first); when none
 * failed, the first run.
 */
export function initialRun(runs: readonly RunSummary[]): number {
  const failing = runs.findIndex((run) => run.violations.length > 0);
  return Math.max(failing, 0); // findIndex says -1 when none failed
}

/** A run's name on its tab and in the note: `mailman21 · nfs · seed 12`. */
export function runLabel(run: RunSummary): string {
  return `${run.algorithm} · ${run.profile} · seed ${run.seed}`;
}

/**
 * The line over the run shown that says which it is, and for the run the page opens on, why
 * that one: `Showing run 2 of 4: mailman21 · nfs · seed 12, the first with a violation (3).`
 */
export function runNote(runs: readonly RunSummary[], index: number, initial: number): string {
  const run = runs[index]!;
  const count = run.violations.length;
  const shown = `Showing run ${index + 1} of ${runs.length}: ${runLabel(run)}`;
  if (index === initial && count > 0)
    return `${shown}, the first run with a violation (${violations(count)}).`;
  if (index === initial && runs.every((other) => other.violations.length === 0))
    return `${shown}; no run has a violation.`;
  return `${shown} (${count === 0 ? 'no violations' : violations(count)}).`;
}

function violations(count: number): string {
  return `${count} violation${count === 1 ? '' : 's'}`;
}
