import { inTimeOrder } from '../trace/time-order.js';
import type { TraceEvent } from '../trace/trace-event.js';
import { type CheckOptions, validateCheckOptions } from './check-options.js';
import { ms } from './format-ms.js';
import type { Violation } from './violation.js';

/**
 * Fencing (docs/protocol.md, "Fencing tokens"): each acquisition gets a token strictly greater than every
 * earlier holder's, and no two acquisitions share one even if mutual exclusion were lost. The
 * rule, exactly, and only when `options.fencing`:
 * - every `cs-enter` carries a token (a finite number); one without is a violation;
 * - in the order of the `cs-enter` events, each token is greater than every earlier token. A
 *   token equal to an earlier one is reported as a repeat (naming the pid that had it first),
 *   one below the highest so far as a decrease (naming the pid that had the highest).
 * Checked against *all* earlier tokens, not just the previous one, so a single regression is
 * reported once rather than hidden behind the next increase.
 *
 * The trace orders acquisitions by `cs-enter`, logged when the lock call returned; a token is
 * won somewhere inside the lock call. So a lower token is a violation only when its lock call
 * *began* after the higher token's holder had entered: then it was certainly won later. When
 * the calls overlap (a process paused, or slowed by retransmissions, after winning its token)
 * the lower token is what fencing is for (the resource rejects the stale holder). Repeats are
 * violations whatever the timing.
 */
export function checkFencing(trace: readonly TraceEvent[], options: CheckOptions): Violation[] {
  validateCheckOptions(options);
  if (!options.fencing) return [];
  const violations: Violation[] = [];
  const firstHolder = new Map<number, { pid: number; t: number }>();
  let highest: { token: number; pid: number; t: number } | undefined;
  const lockCallStart = new Map<number, number>();
  for (const event of inTimeOrder(trace)) {
    if (event.kind === 'acquire-start') lockCallStart.set(event.pid, event.t);
    if (event.kind !== 'cs-enter') continue;
    const startedAt = lockCallStart.get(event.pid) ?? event.t;
    const { pid, t, token } = event;
    if (token === undefined || !Number.isFinite(token)) {
      violations.push({
        checker: 'fencing',
        message: `pid ${pid} entered the critical section at ${ms(t)} without a fencing token (got ${String(token)}): expected one with fencing on`,
        t,
        pids: [pid],
      });
      continue;
    }
    const first = firstHolder.get(token);
    if (first !== undefined) {
      violations.push({
        checker: 'fencing',
        message: `pid ${pid} entered at ${ms(t)} with fencing token ${token}, already given to pid ${first.pid} at ${ms(first.t)}: expected tokens never to repeat`,
        t,
        pids: [first.pid, pid],
      });
    } else if (highest !== undefined && token < highest.token && startedAt < highest.t) {
      // Won while the higher token's holder was still acquiring: order unknown (see above).
    } else if (highest !== undefined && token < highest.token) {
      violations.push({
        checker: 'fencing',
        message: `pid ${pid} entered at ${ms(t)} with fencing token ${token}, below token ${highest.token} of pid ${highest.pid} at ${ms(highest.t)}: expected tokens to strictly increase`,
        t,
        pids: [highest.pid, pid],
      });
    } else {
      highest = { token, pid, t };
    }
    if (first === undefined) firstHolder.set(token, { pid, t });
  }
  return violations;
}
