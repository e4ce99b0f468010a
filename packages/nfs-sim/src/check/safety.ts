import { type Acquisition, collectAcquisitions } from '../trace/acquisitions.js';
import { inTimeOrder } from '../trace/time-order.js';
import type { TraceEvent } from '../trace/trace-event.js';
import { type CheckOptions, validateCheckOptions } from './check-options.js';
import { ms } from './format-ms.js';
import type { Violation } from './violation.js';

/**
 * Safety: no two processes in the critical section at once, unless the earlier holder's
 * assumptions were broken on purpose *and* it was told (docs/protocol.md, "Guarantees": overlaps
 * outside the assumptions are reported to the holder as ECOMPROMISED). Readers of a shared lock
 * (`cs-enter` with `mode: 'read'`) may overlap each other; a writer overlaps nobody. An overlap
 * involving a reader is an `rw-safety` violation, one of two writers (or of an exclusive lock's
 * holders) a `safety` violation.
 *
 * The rule, exactly:
 * - Each `cs-enter` opens an interval for its pid, closed by that pid's next `cs-exit`, by its
 *   `crash` (a dead process is in nothing), or by the end of the run if still open then.
 * - Two intervals of different pids overlap when the later one (B, by `cs-enter` time, then by
 *   trace order) entered strictly before the earlier one (A) exited: `B.enter < A.exit`.
 *   Touching intervals (B enters at the instant A exits) are a clean hand-over.
 * - The overlap is *reported* (counted in `reportedOverlaps`, not a violation) only if both
 *   hold for A or for B (either may be the holder that lost its lease: B's acquisition can be
 *   the stale one, stalled between winning the lock and entering):
 *   (a) it was told: a `compromised` event of A after its `cs-enter` and at or before its
 *       `release` for that acquisition (its first release after the `cs-enter`), or anywhere
 *       later in the run if it never released — the guarantee is that the loss is reported,
 *       not that it is reported before the overlap began (a paused process learns on waking);
 *       or it never woke: a pause begun while it held, before B.enter, ended in its crash (it
 *       took no step on the lost lease, and no one is left to tell);
 *   (b) an assumption of the guarantee was broken for A between the start of A's lock call and
 *       B.enter: A paused for at least lifetimeMs / 2 (it cannot refresh in time); a
 *       `clock-step` or `soft-timeout` fault on A's client (the client of its `cs-enter`); or a
 *       `drc-miss` on any client since A's lock call began or within a lifetime before B
 *       entered: a non-idempotent request (REMOVE, RENAME, LINK) ran twice on the server, which
 *       can remove or move a lock file that was given to someone else meanwhile, and a holder
 *       that lost its lock that way without knowing it can disturb the next one when it
 *       releases, until it finds out (at its next refresh or release, within a lifetime).
 *       File operations taking effect at most once is an assumption of every lock file; only
 *       the loss of it, reported, is asked of the lock.
 *   Without (b) the lock failed inside its assumptions; without (a) the holder went on trusting
 *   a lease it had lost. Either way the overlap is a violation naming both pids, the span and
 *   whether A was told.
 */
export interface SafetyResult {
  violations: Violation[];
  /** Overlaps outside the assumptions that A was told about (docs/simulator.md, "Checkers", counts them apart). */
  reportedOverlaps: number;
}

export function checkSafety(trace: readonly TraceEvent[], options: CheckOptions): SafetyResult {
  validateCheckOptions(options);
  const events = inTimeOrder(trace);
  const acquisitions = collectAcquisitions(events);
  const violations: Violation[] = [];
  let reportedOverlaps = 0;
  acquisitions.forEach((a, index) => {
    for (let later = index + 1; later < acquisitions.length; later += 1) {
      const b = acquisitions[later]!;
      if (b.enterMs >= a.exitMs) break; // sorted by entry: no later one overlaps a either
      if (b.pid === a.pid) continue;
      if (a.mode === 'read' && b.mode === 'read') continue; // readers share the lock
      // Either holder may be the one that lost its lease (a stale acquisition enters late).
      const told =
        wasTold(events, a) ||
        wasTold(events, b) ||
        diedStopped(events, a, b.enterMs) ||
        diedStopped(events, b, b.enterMs);
      const broken =
        brokenAssumption(events, a, b.enterMs, options) ??
        brokenAssumption(events, b, b.enterMs, options);
      if (told && broken !== undefined) reportedOverlaps += 1;
      else violations.push(overlapViolation(a, b, { told, broken }));
    }
  });
  return { violations, reportedOverlaps };
}

/** (a): a `compromised` event of A's pid that belongs to this acquisition. */
function wasTold(events: readonly TraceEvent[], a: Acquisition): boolean {
  const lastMs = a.releaseMs ?? Number.POSITIVE_INFINITY;
  for (let index = a.enterIndex + 1; index < a.nextEnterIndex; index += 1) {
    const event = events[index]!;
    if (event.t > lastMs) return false;
    if (event.kind === 'compromised' && event.pid === a.pid) return true;
  }
  return false;
}

/**
 * (a) needs no telling when the holder never ran again: stopped (a pause begun while it held
 * and before `fromMs`) until it crashed. It took no step after the overlap began, so there was
 * no one to tell and nothing done on the lost lease.
 */
function diedStopped(events: readonly TraceEvent[], a: Acquisition, fromMs: number): boolean {
  const crash = events.find((event) => event.kind === 'crash' && event.pid === a.pid);
  if (crash === undefined) return false;
  return events.some(
    (event) =>
      event.kind === 'pause' &&
      event.pid === a.pid &&
      event.t >= a.enterMs &&
      event.t <= fromMs &&
      crash.t >= event.t &&
      crash.t < event.t + event.ms,
  );
}

/** (b): what assumption was broken for a holder from the start of its lock call to `untilMs`, in words. */
function brokenAssumption(
  events: readonly TraceEvent[],
  a: Acquisition,
  untilMs: number,
  options: CheckOptions,
): string | undefined {
  const duplicate = ranTwice(
    events,
    Math.min(events[lockCallStart(events, a)]!.t, untilMs - options.lifetimeMs),
    untilMs,
  );
  if (duplicate !== undefined) return duplicate;
  for (let index = lockCallStart(events, a); index < events.length; index += 1) {
    const event = events[index]!;
    if (event.t > untilMs) return undefined;
    if (event.kind === 'pause' && event.pid === a.pid && event.ms >= options.lifetimeMs / 2) {
      return `pid ${a.pid} paused for ${ms(event.ms)} at ${ms(event.t)}`;
    }
    if (
      event.kind === 'fault' &&
      (event.what === 'clock-step' || event.what === 'soft-timeout') &&
      event.client === a.client
    ) {
      return `a ${event.what} fault hit client ${a.client} at ${ms(event.t)}`;
    }
  }
  return undefined;
}

/** A duplicate request cache miss in [fromMs, untilMs], in words. */
function ranTwice(
  events: readonly TraceEvent[],
  fromMs: number,
  untilMs: number,
): string | undefined {
  const event = events.find(
    (e) => e.kind === 'fault' && e.what === 'drc-miss' && e.t >= fromMs && e.t <= untilMs,
  );
  if (event === undefined || event.kind !== 'fault') return undefined;
  return `a request ran twice on the server (duplicate request cache miss, ${event.detail ?? ''}) at ${ms(event.t)}`;
}

/** Where A's lock call began: its `acquire-start` before the `cs-enter`, else the `cs-enter`. */
function lockCallStart(events: readonly TraceEvent[], a: Acquisition): number {
  for (let index = a.enterIndex - 1; index >= 0; index -= 1) {
    const event = events[index]!;
    if (event.kind === 'acquire-start' && event.pid === a.pid) return index;
    if (event.kind === 'cs-enter' && event.pid === a.pid) break;
  }
  return a.enterIndex;
}

function overlapViolation(
  a: Acquisition,
  b: Acquisition,
  { told, broken }: { told: boolean; broken: string | undefined },
): Violation {
  const untilMs = Math.min(a.exitMs, b.exitMs);
  const toldText = told
    ? `pid ${a.pid} was told its lock was compromised`
    : `pid ${a.pid} was never told its lock was compromised`;
  const brokenText = broken === undefined ? 'no assumption was broken' : broken;
  const shared = a.mode === 'read' || b.mode === 'read';
  return {
    checker: shared ? 'rw-safety' : 'safety',
    message:
      `pid ${a.pid} (${role(a, shared)}client ${a.client}, in since ${ms(a.enterMs)}) and pid ${b.pid} ` +
      `(${role(b, shared)}client ${b.client}) were both in the critical section from ${ms(b.enterMs)} to ` +
      `${ms(untilMs)}; ${toldText} and ${brokenText}: expected no overlap, or only one that ` +
      `broke an assumption and was reported to pid ${a.pid}`,
    t: b.enterMs,
    pids: [a.pid, b.pid],
  };
}

/** How an acquisition held a shared lock, for a message (`reader, ` or `writer, `); nothing when no reader is involved. */
function role(acquisition: Acquisition, shared: boolean): string {
  if (!shared) return '';
  return acquisition.mode === 'read' ? 'reader, ' : 'writer, ';
}
