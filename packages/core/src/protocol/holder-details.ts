import type { LockDetails } from '../lock-types.js';
import { calibrateIfStale } from './calibration.js';
import type { LockContext } from './context.js';
import type { OwnerRecord } from './owner-record.js';

/** Who holds a lock, from its owner record; `expiresAt` on this process's clock. */
export async function holderDetails(
  context: LockContext,
  record: OwnerRecord,
): Promise<LockDetails> {
  await calibrateIfStale(context, record.timeSource);
  const details: LockDetails = {
    hostname: record.hostname,
    pid: record.pid,
    claimfile: context.names.inDirectory(record.claim),
    expiresAt: context.time.toLocal(record.expiresAt, record.timeSource),
  };
  if (record.token > 0) details.token = record.token;
  if (record.bootId !== undefined) details.bootId = record.bootId;
  return details;
}
