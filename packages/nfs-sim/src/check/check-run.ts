import type { TraceEvent } from '../trace/trace-event.js';
import { type CheckOptions, validateCheckOptions } from './check-options.js';
import { checkFencing } from './fencing.js';
import { checkHygiene } from './hygiene.js';
import { checkLiveness } from './liveness.js';
import { checkRunFinished } from './run-finished.js';
import { checkReaderProgress } from './rw-liveness.js';
import { checkSafety } from './safety.js';
import type { Violation } from './violation.js';

/** What all four checkers found in one run. */
export interface RunVerdict {
  /**
   * Every violation, in time order (ties keep the order safety, liveness, hygiene, fencing),
   * then a run that did not finish (at its end, about the whole run).
   */
  violations: Violation[];
  /** Overlaps outside the assumptions that were reported to the holder (see safety.ts). */
  reportedOverlaps: number;
}

/**
 * Runs the safety, liveness (of each wait, readers' progress in a shared lock, and of the run),
 * hygiene and fencing checkers over one trace.
 */
export function checkRun(trace: readonly TraceEvent[], options: CheckOptions): RunVerdict {
  validateCheckOptions(options);
  const safety = checkSafety(trace, options);
  const violations = [
    ...safety.violations,
    ...checkLiveness(trace, options),
    ...checkReaderProgress(trace, options),
    ...checkHygiene(trace, options),
    ...checkFencing(trace, options),
  ].sort((a, b) => a.t - b.t);
  violations.push(...checkRunFinished(trace, options));
  return { violations, reportedOverlaps: safety.reportedOverlaps };
}
