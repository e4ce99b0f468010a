import type { LeftoverClasses } from './checks/leftovers.js';
import type { SoakOutcome } from './soak-outcome.js';

/** The summary printed at the end of a run, for people. */
export function textReport(outcome: SoakOutcome): string {
  const c = outcome.counts;
  const lines = [
    `soak: seed ${outcome.seed}, ${outcome.processes} processes over backing, view1, view2 and ssh, ${outcome.minutes} min of chaos, ${outcome.wallSeconds} s wall time`,
    `  lock: ${c.acquisitions} acquisitions, ${c.releases} releases, ${counted(c.compromised, 'holder')} told the lock was lost, ${c.lostWhileAcquiring} lock() calls lost while winning a token, ${counted(c.breaks, 'lock')} broken`,
    `  acquisitions by mount: ${Object.entries(outcome.acquisitionsByMount)
      .map(([mount, count]) => `${mount} ${count}`)
      .join(', ')}`,
    `  chaos: ${c.kills} SIGKILLs (${c.holderKills} of holders), ${c.stops} SIGSTOPs (${c.holderStops} of holders; ${c.skipped} more skipped, enough were stopped), ${c.respawns} respawns`,
    `  journal: ${counted(c.writesAccepted, 'write')} accepted, ${counted(c.writesRefused, 'late write')} refused; ${c.writesAcceptedAfterSuccessorEntered} accepted after a higher token's holder entered but before it wrote`,
    `  left before the sweep: ${describeLeftovers(outcome.leftovers.beforeSweep)}`,
    `  sweep: ${describeSweep(outcome.sweep)}`,
    `  left after the sweep: ${describeLeftovers(outcome.leftovers.afterSweep)}`,
    ...neverSwept(outcome.leftovers.afterSweep),
    '  checks:',
    ...outcome.checks.flatMap((check) => [
      `    ${check.violations.length === 0 ? 'ok  ' : 'FAIL'} ${check.name}: ${check.checked}`,
      ...check.violations.map((violation) => `         ${violation}`),
    ]),
  ];
  if (outcome.lockLogCount > 0) {
    lines.push(`  the lock logged ${outcome.lockLogCount} warn/error lines; the first:`);
    lines.push(...outcome.lockLog.map((line) => `    ${line}`));
  }
  const failed = outcome.checks.filter((check) => check.violations.length > 0);
  if (outcome.keptDirectory !== undefined) {
    lines.push(
      `  kept for inspection: ${outcome.keptDirectory} and ${outcome.keptDirectory}.evidence (journal.json, tenures.json)`,
    );
  }
  lines.push(
    failed.length === 0
      ? `soak: passed (all ${outcome.checks.length} checks); retry with --seed ${outcome.seed}`
      : `soak: FAILED ${failed.map((check) => check.name).join(', ')} (seed ${outcome.seed})`,
  );
  return `${lines.join('\n')}\n`;
}

function describeSweep(sweep: SoakOutcome['sweep']): string {
  if (sweep.rounds === 0) return 'nothing to sweep';
  const sacrificed = sweep.rounds - sweep.killedHolders;
  const notes = sweep.notes.map((note) => `; ${note}`).join('');
  return `${counted(sweep.rounds, 'break')} (${sweep.killedHolders} of a killed holder's lock, ${sacrificed} of a sacrificed holder's)${notes}`;
}

/** `1 file`, `2 files`. */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function describeLeftovers(classes: LeftoverClasses): string {
  return [
    `${counted(classes.ofKilled.length, 'file')} of killed processes`,
    `${classes.kept.length} kept by design (fencing counter and latest witnesses)`,
    `${classes.neverSwept.length} that no sweep removes`,
    `${classes.unexpected.length} unexpected`,
  ].join(', ');
}

function neverSwept(classes: LeftoverClasses): string[] {
  if (classes.neverSwept.length === 0) return [];
  return [
    `  never swept (left by killed processes; see docs/soak.md): ${classes.neverSwept.join(', ')}`,
  ];
}

/** The checks as pass/fail counts in the shape of vitest's JSON reporter, for CI's summary line. */
export function resultsFile(outcome: SoakOutcome): string {
  const failed = outcome.checks.filter((check) => check.violations.length > 0).length;
  return `${JSON.stringify(
    {
      numPassedTests: outcome.checks.length - failed,
      numFailedTests: failed,
      seed: outcome.seed,
      checks: outcome.checks.map((check) => ({
        name: check.name,
        passed: check.violations.length === 0,
      })),
    },
    null,
    2,
  )}\n`;
}
