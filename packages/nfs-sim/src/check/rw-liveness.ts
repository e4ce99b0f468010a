import { inTimeOrder } from '../trace/time-order.js';
import type { TraceEvent } from '../trace/trace-event.js';
import type { Wait } from '../trace/waits.js';
import { type CheckOptions, validateCheckOptions } from './check-options.js';
import { ms } from './format-ms.js';
import { buildLivenessModel, type LivenessModel } from './free-points.js';
import type { Violation } from './violation.js';

/** A stretch of time [fromMs, untilMs). */
interface Span {
  fromMs: number;
  untilMs: number;
}

/**
 * Readers' progress in a shared lock: a reader gets in within `livenessBoundMs` (B) while no
 * writer holds or wants the lock. (Writers' progress is the liveness checker's: once the last
 * holder lets go, someone gets in; a writer that waits keeps new readers out, so the readers
 * inside are all it waits for.) Let E = lifetimeMs + clockSlopMs.
 *
 * Readers are *kept out* during:
 * - a writer's holding, from its `cs-enter` until its release ('ok'), or its expiry after a
 *   failed release or a crash (as the liveness checker reckons holdings);
 * - a writer's wait, from its `acquire-start` to its end (writers are preferred);
 * - E after a process stopped (crash, or pause) in the middle of a wait or a holding, and after
 *   a soft-timeout fault: it may hold the lock's gate silently until its expiry frees it (a
 *   reader holds the gate too, briefly, while it registers).
 * A reader R is *unserved* when, for a whole B that begins at or after its `acquire-start` and
 * contains none of R's own pauses, readers were not kept out, R kept waiting, and the run went
 * on. Each wait is reported once, for its first such stretch.
 */
export function checkReaderProgress(
  trace: readonly TraceEvent[],
  options: CheckOptions,
): Violation[] {
  validateCheckOptions(options);
  // A trace of an exclusive lock has no reader: no need to build the model to find none.
  if (!trace.some((event) => event.kind === 'acquire-start' && event.mode === 'read')) return [];
  const model = buildLivenessModel(inTimeOrder(trace), options);
  const readers = model.waits.filter((wait) => wait.mode === 'read');
  if (readers.length === 0) return [];
  const keptOut = readersKeptOut(model, options);
  return readers.flatMap((wait) => {
    const pauses = (model.pausesByPid.get(wait.pid) ?? []).map((pause) => ({
      fromMs: pause.atMs,
      untilMs: pause.untilMs,
    }));
    const blocked = merged([...keptOut, ...pauses]);
    const violation = unservedReader(wait, blocked, model, options.livenessBoundMs);
    return violation === undefined ? [] : [violation];
  });
}

function readersKeptOut(model: LivenessModel, options: CheckOptions): Span[] {
  const expiryMs = options.lifetimeMs + options.clockSlopMs;
  const writers = model.acquisitions.filter((a) => a.mode === 'write');
  return [
    ...writers.map((a) => ({
      fromMs: a.enterMs,
      untilMs: model.holdsUntilMs.get(a) ?? Number.POSITIVE_INFINITY,
    })),
    ...model.waits
      .filter((wait) => wait.mode === 'write')
      .map((wait) => ({ fromMs: wait.startMs, untilMs: wait.endMs })),
    ...model.disturbances.map((d) => ({ fromMs: d.atMs, untilMs: d.atMs + expiryMs })),
  ];
}

/** The first B-long open stretch of the reader's wait, as a violation; none if it has none. */
function unservedReader(
  wait: Wait,
  blocked: readonly Span[],
  model: LivenessModel,
  boundMs: number,
): Violation | undefined {
  let fromMs = wait.startMs;
  for (const span of [
    ...blocked,
    { fromMs: Number.POSITIVE_INFINITY, untilMs: Number.POSITIVE_INFINITY },
  ]) {
    if (span.untilMs <= fromMs) continue;
    const deadlineMs = fromMs + boundMs;
    if (deadlineMs > Math.min(wait.endMs, model.runEndMs)) return undefined;
    if (span.fromMs >= deadlineMs) {
      return {
        checker: 'rw-liveness',
        message:
          `reader pid ${wait.pid} waited from ${ms(fromMs)} to ${ms(deadlineMs)} while no writer ` +
          `held or waited for the lock and nothing could hold it silently: expected readers to ` +
          `get in within livenessBoundMs (${ms(boundMs)})`,
        t: deadlineMs,
        pids: [wait.pid],
      };
    }
    fromMs = Math.max(fromMs, span.untilMs);
  }
  return undefined;
}

/** The spans joined where they touch or overlap, in time order. */
function merged(spans: readonly Span[]): Span[] {
  const sorted = spans
    .filter((span) => span.untilMs > span.fromMs)
    .sort((a, b) => a.fromMs - b.fromMs);
  const joined: Span[] = [];
  for (const span of sorted) {
    const last = joined.at(-1);
    if (last !== undefined && span.fromMs <= last.untilMs) {
      last.untilMs = Math.max(last.untilMs, span.untilMs);
    } else {
      joined.push({ ...span });
    }
  }
  return joined;
}
