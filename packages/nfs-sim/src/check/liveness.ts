import type { Acquisition } from '../trace/acquisitions.js';
import { inTimeOrder } from '../trace/time-order.js';
import type { TraceEvent } from '../trace/trace-event.js';
import type { Wait } from '../trace/waits.js';
import { type CheckOptions, validateCheckOptions } from './check-options.js';
import { ms } from './format-ms.js';
import { buildLivenessModel, type FreePoint, type LivenessModel } from './free-points.js';
import type { Violation } from './violation.js';

/**
 * Liveness: when the lock is free, a waiting process gets it within `livenessBoundMs`
 * (docs/protocol.md, "Guarantees": a crashed holder's lock is taken over within lifetime + slop +
 * attribute-cache time). Let E = lifetimeMs + clockSlopMs and B = livenessBoundMs.
 *
 * *Holding* runs from a `cs-enter` to the pid's `release` or `crash` (not to `cs-exit`: the
 * lock file stays until the release call). A process is *engaged* while waiting (from
 * `acquire-start` to its `cs-enter`, `acquire-failed` or crash) or holding.
 *
 * The lock becomes *free* at F (a free point):
 * - F = a holder's `release` time, if the release returned 'ok'. Any other result (EIO from a
 *   soft mount, ...) may leave the lock file in place until it expires: F = release + E.
 * - F = crash + E for an engaged process that crashed: its lock file (a waiter may have linked
 *   one just before dying) can be broken once its expiry and the slop have passed.
 * - F = pause start + E for an engaged process that paused, provided it is still paused at F;
 *   and the point binds only waiters whose deadline (below) falls within the pause, because a
 *   holder that wakes earlier refreshes its lock and legitimately keeps it.
 * - F = t + E for a `soft-timeout` fault: an operation that took effect but was reported failed
 *   (a link, an unlink) may leave a lock file behind that only its expiry frees.
 * A free point is void if another acquisition still holds at F: entered at or before F and not
 * yet released ('ok') / expired (release not 'ok' or crash, + E), and not paused since at least
 * F - E (that one's own pause point covers it); or if an engaged process crashed or paused, or
 * a soft-timeout happened, in (F - E, F]: a lock file linked silently then is freed only by its
 * own expiry (its own free point).
 *
 * A waiter W (one `acquire-start` with start S) is owed the lock for free point F if
 * S <= F + B. Its window starts at max(F, S), moved to the end of any pause of W that overlaps
 * the window (a stopped waiter cannot acquire; it gets a full B after waking); the deadline is
 * window start + B. It is a violation ("pid W waited from start to deadline while the lock was
 * free since F") when all hold:
 * - W was still waiting at the deadline (it did not get in, give up or crash before it);
 * - the run lasted until the deadline;
 * - no `cs-enter` by anyone in (F, deadline];
 * - no other engaged process crashed or paused, and no soft-timeout fault happened, in
 *   [F, deadline]: that process may have taken the lock silently and then stopped; its own free
 *   point (listed above) takes the obligation over.
 * Each wait is reported at most once, for its earliest unserved free point.
 */
export function checkLiveness(trace: readonly TraceEvent[], options: CheckOptions): Violation[] {
  validateCheckOptions(options);
  const model = buildLivenessModel(inTimeOrder(trace), options);
  const boundMs = options.livenessBoundMs;
  const reported = new Set<Wait>();
  const violations: Violation[] = [];
  for (const point of model.freePoints) {
    if (enteredWithin(model.enterTimesMs, point.atMs, point.atMs + boundMs)) continue;
    if (model.acquisitions.some((a) => holdsAt(a, point.atMs, model, options))) continue;
    if (silentlyHeld(point.atMs, model, options)) continue;
    for (const wait of model.waits) {
      if (reported.has(wait)) continue;
      const violation = unserved(wait, point, model, boundMs);
      if (violation === undefined) continue;
      reported.add(wait);
      violations.push(violation);
    }
  }
  return violations.sort((a, b) => a.t - b.t);
}

/**
 * Whether a process that stopped (crash, pause) in the middle of its lock call or holding, or a
 * soft-mount timeout, may still hold the lock file at `atMs`: it may have linked it silently,
 * and only its expiry frees it (its own free point, at stop + expiry, takes over).
 */
function silentlyHeld(atMs: number, model: LivenessModel, options: CheckOptions): boolean {
  const expiryMs = options.lifetimeMs + options.clockSlopMs;
  return model.disturbances.some((d) => d.atMs <= atMs && atMs < d.atMs + expiryMs);
}

function unserved(
  wait: Wait,
  point: FreePoint,
  model: LivenessModel,
  boundMs: number,
): Violation | undefined {
  const freeMs = point.atMs;
  if (wait.startMs > freeMs + boundMs || wait.endMs <= freeMs) return undefined;
  const fromMs = afterOwnPauses(wait.pid, Math.max(freeMs, wait.startMs), model, boundMs);
  const deadlineMs = fromMs + boundMs;
  if (wait.endMs < deadlineMs || model.runEndMs < deadlineMs) return undefined;
  if (point.bindsUntilMs < deadlineMs) return undefined;
  if (enteredWithin(model.enterTimesMs, freeMs, deadlineMs)) return undefined;
  const disturbed = model.disturbances.some(
    (d) => d.pid !== wait.pid && d.atMs >= freeMs && d.atMs <= deadlineMs,
  );
  if (disturbed) return undefined;
  return {
    checker: 'liveness',
    message:
      `pid ${wait.pid} waited from ${ms(fromMs)} to ${ms(deadlineMs)} while the lock was free ` +
      `since ${ms(freeMs)} (${point.cause}), and nobody acquired it: expected an acquisition ` +
      `within livenessBoundMs (${ms(boundMs)})`,
    t: deadlineMs,
    pids: point.pid === undefined || point.pid === wait.pid ? [wait.pid] : [wait.pid, point.pid],
  };
}

/** The window's start, moved past every pause of the waiter that overlaps the window. */
function afterOwnPauses(
  pid: number,
  startMs: number,
  model: LivenessModel,
  boundMs: number,
): number {
  let fromMs = startMs;
  for (const pause of model.pausesByPid.get(pid) ?? []) {
    if (pause.atMs < fromMs + boundMs && pause.untilMs > fromMs) fromMs = pause.untilMs;
  }
  return fromMs;
}

function holdsAt(
  acquisition: Acquisition,
  atMs: number,
  model: LivenessModel,
  options: CheckOptions,
): boolean {
  if (acquisition.enterMs > atMs) return false;
  if (atMs >= (model.holdsUntilMs.get(acquisition) ?? Number.POSITIVE_INFINITY)) return false;
  const expiryMs = options.lifetimeMs + options.clockSlopMs;
  const pausedPastExpiry = (model.pausesByPid.get(acquisition.pid) ?? []).some(
    (pause) =>
      pause.atMs >= acquisition.enterMs && pause.atMs + expiryMs <= atMs && atMs <= pause.untilMs,
  );
  return !pausedPastExpiry;
}

/** Whether some time in the ascending list lies in (fromMs, toMs]. */
function enteredWithin(timesMs: readonly number[], fromMs: number, toMs: number): boolean {
  let low = 0;
  let high = timesMs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (timesMs[middle]! <= fromMs) low = middle + 1;
    else high = middle;
  }
  const first = timesMs[low];
  return first !== undefined && first <= toMs;
}
