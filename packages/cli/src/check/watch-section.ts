import { formatMs } from './capability-words.js';
import type { Observations } from './observations.js';
import type { Peer } from './peer.js';
import { type CheckEntry, entry } from './report.js';
import type { CheckSubject } from './subject.js';

/** A watch that has not woken by then is taken as deaf. */
const WAKE_TIMEOUT_MS = 3_000;

/**
 * Whether a change this process makes wakes a watcher in another process (on the other view,
 * when there is one): what lets a waiter take a released lock at once. Without it waiters back
 * off (up to `retry.maxDelay`, 1 s by default): slower, never less safe.
 */
export async function watchSection(
  subject: CheckSubject,
  peer: Peer,
  observed: Observations,
): Promise<CheckEntry[]> {
  const running = await peer.probe({ op: 'watch' }, WAKE_TIMEOUT_MS);
  if (running === undefined) {
    return [
      entry(
        'watch',
        'directory watch',
        'caveat',
        `${subject.declaredBy} has no watch(): waiters poll with backoff (up to retry.maxDelay, 1 s by default) and take a released lock that much later`,
      ),
    ];
  }
  await running.ready;
  await subject.fs.writeFile(`${subject.scratch}/woken`, 'x');
  const changedAt = process.hrtime.bigint();
  const wokeAt = await running.seen;
  observed.watchWoke = wokeAt !== null;
  observed.watchFromOtherView = subject.otherView !== null;
  if (wokeAt === null) {
    return [
      entry(
        'watch',
        'directory watch',
        'caveat',
        `a file created here did not wake a watcher in ${peer.who} within ${WAKE_TIMEOUT_MS / 1000} s: waiters there fall back to their backoff (up to retry.maxDelay, 1 s by default)`,
        { wokeAfterMs: null },
      ),
    ];
  }
  const ms = Math.max(0, Number(wokeAt - changedAt) / 1e6);
  return [
    entry(
      'watch',
      'directory watch',
      'ok',
      `a file created here woke a watcher in ${peer.who} after ${formatMs(Math.round(ms))}`,
      { wokeAfterMs: Math.round(ms * 10) / 10 },
    ),
  ];
}
