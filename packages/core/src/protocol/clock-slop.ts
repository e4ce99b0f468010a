import { DEFAULT_CLOCK_SLOP } from '../options.js';
import type { LockContext } from './context.js';
import type { TimeSource } from './owner-record.js';

/**
 * What a judgement on the server's clock adds to the judge's own uncertainty: the rounding of
 * an expiry to whole milliseconds in the record, with room to spare.
 */
export const JUDGEMENT_MARGIN_MS = 50;

/**
 * The least slop a judgement on the server's clock uses, plus the mtime resolution: it covers a
 * record written by an older linklock, which did not push its expiry later by its own
 * uncertainty (docs/protocol.md, "Time").
 */
export const MIXED_VERSION_FLOOR_MS = 1_000;

/**
 * The clock slop a waiter allows past a record's expiry before it may break it. A `clockSlop`
 * the user gave is used for both time sources, as given. Otherwise it follows the record's
 * time source: on each host's own clock, 10 s of skew between hosts; on the server's clock,
 * only the error of this process's estimate of it (the holder allowed for its own when it
 * wrote the expiry), never less than {@link MIXED_VERSION_FLOOR_MS} + the mtime resolution.
 */
export function clockSlopFor(context: LockContext, timeSource: TimeSource): number {
  const given = context.options.clockSlop;
  if (given !== undefined) return given;
  if (timeSource === 'local') return DEFAULT_CLOCK_SLOP;
  const { time } = context;
  return Math.max(
    time.uncertaintyMs() + JUDGEMENT_MARGIN_MS,
    MIXED_VERSION_FLOOR_MS + time.mtimeResolutionMs(),
  );
}
