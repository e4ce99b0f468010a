import { hasCode } from '../errors/fs-error.js';
import { UnsupportedFilesystemError } from '../errors/lock-errors.js';
import { throwIfAborted } from './abort.js';
import { AcquisitionState } from './acquisition-state.js';
import { Claim, type ClaimNaming } from './claim.js';
import type { LockContext } from './context.js';
import { FairQueue } from './fair-queue.js';
import { inspect } from './inspect.js';
import { QueuePace } from './queue-pace.js';
import { removeVerified } from './remove-verified.js';
import { Waiter } from './waiter.js';

export interface AcquireRequest {
  /** Milliseconds to keep trying; 0 = one round (with a break of an expired lock, H9). */
  timeoutMs: number;
  /** `tryLock()`: give up (resolve undefined) instead of waiting or timing out. */
  once: boolean;
  signal: AbortSignal | undefined;
  /** How the claim files are named (default: `<lock>.claim.<host>.<pid>.<nonce>`). */
  naming?: ClaimNaming;
  /** The fair mode: how fast the queue moved for this lock's earlier calls. */
  queuePace?: QueuePace;
}

/**
 * The acquisition loop (docs/protocol.md, "Acquire"), one claim file per call:
 * link; on contention look at the lock file; break it when expired or dead, else wait; repeat.
 * Resolves with the held claim, or `undefined` when `once` and the lock is taken. Every exit
 * other than success removes the claim file (H11).
 */
export async function acquire(
  context: LockContext,
  request: AcquireRequest,
): Promise<Claim | undefined> {
  throwIfAborted(request.signal);
  if (!context.fs.capabilities.hardLinks) {
    throw new UnsupportedFilesystemError(
      context.names.lockfile,
      `The filesystem of ${context.names.directory} has no hard links (its adapter says so); linklock needs link(2)`,
    );
  }
  const { lifetime } = context.options;
  const deadline = context.time.localNow() + request.timeoutMs;
  // tryLock() takes a free lock whatever the queue: it never waits in one.
  const queue =
    context.options.fair && !request.once
      ? await FairQueue.join(context, request.queuePace ?? new QueuePace())
      : undefined;
  const newClaim = () => Claim.create(context, lifetime, request.naming, queue?.nonce());
  let claim = await newClaim();
  const waiter = new Waiter(context, request.signal);
  try {
    const state = new AcquisitionState(context, request, waiter, deadline, queue);
    for (;;) {
      throwIfAborted(request.signal);
      if (claim.ageMs() > lifetime / 3) claim = await renewed(context, claim, newClaim);
      const step = await state.step(claim);
      if (step === 'held') return claim;
      if (step === 'gave-up') {
        await claim.remove();
        return undefined;
      }
      if (step === 'new-claim') claim = await newClaim();
    }
  } catch (error) {
    await abandon(context, claim);
    throw error;
  } finally {
    waiter.close();
  }
}

/**
 * The claim with its expiry moved on, or a new claim if it was swept while this process slept
 * past its lifetime (stopped, suspended): a sweep removes only expired claims, so a waiter
 * that wakes from such a sleep finds its own gone, which is no error (H11).
 */
async function renewed(
  context: LockContext,
  claim: Claim,
  newClaim: () => Promise<Claim>,
): Promise<Claim> {
  const { lifetime } = context.options;
  try {
    await claim.renew(lifetime);
    return claim;
  } catch (error) {
    if (!hasCode(error, 'ENOENT', 'ESTALE')) throw error;
    context.logger.debug('linklock: our claim file was swept while we slept; making a new one');
    // ESTALE may also be a stale handle of a claim still there: it goes too, before the new one.
    await claim.discard();
    return newClaim();
  }
}

/**
 * Cleans up a failed acquisition: the claim, and the lock file too if it carries our nonce (a
 * link that took effect although its reply never came, on a soft mount that then gave up).
 */
async function abandon(context: LockContext, claim: Claim): Promise<void> {
  try {
    const found = await inspect(context, context.names.lockfile);
    if (found.kind === 'record' && found.record.nonce === claim.nonce) {
      await removeVerified(context, context.names.lockfile, claim.nextTombstone(), claim.nonce);
    }
  } catch {
    // Best effort: the error that ended the acquisition is the one to report.
  }
  await claim.discard();
}
