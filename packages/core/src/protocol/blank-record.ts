import type { LockContext } from './context.js';
import type { OwnerRecord, TimeSource } from './owner-record.js';

/**
 * This process's owner record for a claim named by `nonce`, before any expiry or fencing
 * token is set: what a claim starts as and what a clock probe is written as. `claim` is the
 * file's basename, when the caller has it already (by default a claim's).
 */
export function blankRecord(
  context: LockContext,
  nonce: string,
  timeSource: TimeSource,
  claim = context.names.claimBasename(
    context.options.identity.hostname,
    context.options.identity.pid,
    nonce,
  ),
): OwnerRecord {
  const { identity } = context.options;
  return {
    hostname: identity.hostname,
    pid: identity.pid,
    bootId: identity.bootId,
    pidNamespace: identity.pidNamespace,
    timeSource,
    claim,
    nonce,
    token: 0,
    expiresAt: 0,
  };
}
