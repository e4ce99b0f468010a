import { LockCompromisedError } from '../errors/lock-errors.js';
import { type AcquireRequest, acquire } from '../protocol/acquirer.js';
import type { Claim } from '../protocol/claim.js';
import { type LockContext, withNames } from '../protocol/context.js';
import { Holding } from '../protocol/holding.js';
import { inspect } from '../protocol/inspect.js';
import { takeReaderSlot } from './reader-slot.js';

/**
 * How often `tryAcquireRead` looks again when the gate is held by another reader registering
 * (a moment's work), rather than by a writer.
 */
const TRY_BEHIND_READERS = 4;

/**
 * Acquires a shared lock for reading (docs/protocol.md, "Shared locks"): take the gate (the
 * lock file itself, exactly as `Lock` does, so a writer holding or waiting for it keeps new
 * readers out), link the same claim to a free reader slot, then let the gate go. The slot is
 * the reader's lease; the gate only makes sure that every writer counts the slot.
 *
 * Letting the gate go proves it was ours throughout (a broken lock never carries our nonce
 * again): a reader whose gate was broken while it registered (it stalled past the lifetime)
 * may have taken its slot after a writer counted the slots, so it leaves the slot and starts
 * over. Resolves the slot's holding, or `undefined` when `once` and a writer is in the way.
 */
export async function acquireRead(
  context: LockContext,
  request: AcquireRequest,
): Promise<Holding | undefined> {
  const deadline = context.time.localNow() + request.timeoutMs;
  const naming = (hostname: string, pid: number, nonce: string) =>
    context.names.readerClaimBasename(hostname, pid, nonce);
  for (let attempt = 1; ; attempt += 1) {
    const timeoutMs = Math.max(0, deadline - context.time.localNow());
    const claim = await acquire(context, { ...request, timeoutMs, naming });
    if (claim === undefined) {
      if (attempt >= TRY_BEHIND_READERS || !(await gateHeldByReader(context))) return undefined;
      await context.options.clock.sleep(context.options.minDelay);
      continue;
    }
    const held = await registerThroughGate(context, claim);
    if (held !== undefined) return held;
    if (request.once) return undefined;
  }
}

/** Takes a slot while holding the gate; `undefined` when the gate was lost meanwhile. */
async function registerThroughGate(
  context: LockContext,
  claim: Claim,
): Promise<Holding | undefined> {
  const gate = new Holding(context, claim);
  let reading: Holding | undefined;
  try {
    if (context.options.fencing) await gate.assignToken();
    reading = new Holding(withNames(context, await takeReaderSlot(context, claim)), claim);
    reading.token = gate.token;
    if (await gate.removeLockFile()) return reading;
    context.logger.warn('linklock: the gate was lost while taking a reader slot; starting over', {
      path: context.names.lockfile,
    });
    await reading.release();
    return undefined;
  } catch (error) {
    await reading?.discard().catch(() => undefined);
    await gate.discard().catch(() => undefined);
    if (error instanceof LockCompromisedError) {
      context.logger.warn(`linklock: ${error.message}; starting over`, {
        path: context.names.lockfile,
      });
      return undefined;
    }
    throw error;
  }
}

async function gateHeldByReader(context: LockContext): Promise<boolean> {
  const found = await inspect(context, context.names.lockfile);
  return found.kind === 'record' && context.names.isReaderClaim(found.record.claim);
}
