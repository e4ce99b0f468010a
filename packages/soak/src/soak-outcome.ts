import type { ChaosCounts } from './chaos.js';
import type { CheckResult } from './checks/check-result.js';
import type { LeftoverClasses } from './checks/leftovers.js';
import type { Mount } from './placement.js';

/** Everything a run found: counts, the checks, the files left; printed as text or JSON. */
export interface SoakOutcome {
  seed: number;
  minutes: number;
  processes: number;
  root: string;
  wallSeconds: number;
  counts: {
    acquisitions: number;
    releases: number;
    /** Tenures the lock told their holder were lost (onCompromised or ECOMPROMISED at release). */
    compromised: number;
    /** lock() calls that rejected with ECOMPROMISED: the lease lapsed while winning a token. */
    lostWhileAcquiring: number;
    /** "broke a lock" lines logged by the children: expired or dead holders' locks broken. */
    breaks: number;
    writesAccepted: number;
    /** Late writes the journal refused: their token was below one it had accepted. */
    writesRefused: number;
    /**
     * Writes accepted although a higher token's holder had already entered: that holder had not
     * written yet, so the journal could not know (fencing refuses writes older than the latest
     * accepted write, not older than the latest acquisition).
     */
    writesAcceptedAfterSuccessorEntered: number;
    respawns: number;
  } & ChaosCounts;
  /** Contenders' acquisitions by the mount they reached the lock through (sacrifices aside). */
  acquisitionsByMount: Record<Mount, number>;
  leftovers: { beforeSweep: LeftoverClasses; afterSweep: LeftoverClasses };
  sweep: { rounds: number; killedHolders: number; notes: string[] };
  checks: CheckResult[];
  /** Warn and error lines the lock logged in the children (the first ones). */
  lockLog: string[];
  lockLogCount: number;
  /** Where the lock directory and the evidence were kept after a violation, else undefined. */
  keptDirectory: string | undefined;
}

export function passed(outcome: SoakOutcome): boolean {
  return outcome.checks.every((check) => check.violations.length === 0);
}
