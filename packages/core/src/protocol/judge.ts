import type { HostIdentity } from '../contracts/host-identity.js';
import { clockSlopFor } from './clock-slop.js';
import type { LockContext } from './context.js';
import { type OwnerRecord, oneLine } from './owner-record.js';

/**
 * How a waiter regards another owner's record:
 * - `live`: inside its lifetime + slop; `breakableAtLocalMs` says when that ends (this process's clock);
 * - `expired`: past its expiry + the clock slop: may be broken;
 * - `dead`: its holder provably died on this host (H12): may be broken at once.
 */
export type Verdict =
  | {
      kind: 'live';
      breakableAtLocalMs: number;
      /** Set when the holder runs on this very host: its liveness can be checked while waiting. */
      holderAlive?: () => boolean;
    }
  | { kind: 'expired' }
  | { kind: 'dead' };

export function judge(context: LockContext, record: OwnerRecord): Verdict {
  const { identity } = context.options;
  const local = runsOnThisHost(identity, record);
  if (local && identity.isProcessAlive?.(record.pid) === false) return { kind: 'dead' };
  const slop = clockSlopFor(context, record.timeSource);
  const remainingMs = record.expiresAt + slop - context.time.now(record.timeSource);
  if (remainingMs <= 0) return { kind: 'expired' };
  // Measured as a remaining span, so "live" always means a wait longer than zero.
  const breakableAtLocalMs = context.time.localNow() + remainingMs;
  if (!local) return { kind: 'live', breakableAtLocalMs };
  const holderAlive = () => identity.isProcessAlive?.(record.pid) !== false;
  return { kind: 'live', breakableAtLocalMs, holderAlive };
}

/**
 * Whether `record`'s holder is another process of this very kernel, whose liveness
 * `identity.isProcessAlive` can therefore check: same hostname, same boot, same pid namespace.
 * A pid alone is unsafe: pids are reused after a reboot and repeat across containers and hosts.
 * A holder is provably dead only when it runs here and its pid is not alive.
 */
function runsOnThisHost(identity: HostIdentity, record: OwnerRecord): boolean {
  if (identity.isProcessAlive === undefined) return false;
  if (record.hostname !== oneLine(identity.hostname) || record.pid === identity.pid) return false;
  if (record.bootId === undefined || record.bootId !== optionalLine(identity.bootId)) return false;
  if (
    record.pidNamespace === undefined ||
    record.pidNamespace !== optionalLine(identity.pidNamespace)
  )
    return false;
  return true;
}

function optionalLine(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : oneLine(text);
}
