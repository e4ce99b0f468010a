import { runEndMs } from '../trace/time-order.js';
import type { TraceEvent } from '../trace/trace-event.js';
import { type CheckOptions, validateCheckOptions } from './check-options.js';
import type { Violation } from './violation.js';

/**
 * Liveness of the run as a whole: every process exits or crashes within the run's time limit.
 * A run cut off at its limit still had processes waiting or working (a lock never freed, a
 * waiter that never gave up), which the per-wait rule of liveness.ts cannot see when the wait
 * had no deadline inside the run. Judged only when the options say how the run ended
 * (`finished`, from the simulation); the violation stands at the run's end and names no pid,
 * being about every process still there.
 */
export function checkRunFinished(trace: readonly TraceEvent[], options: CheckOptions): Violation[] {
  validateCheckOptions(options);
  if (options.finished !== false) return [];
  return [
    {
      checker: 'liveness',
      message: `the run did not finish within ${options.timeLimitMs} ms of simulated time`,
      t: runEndMs(trace),
      pids: [],
    },
  ];
}
