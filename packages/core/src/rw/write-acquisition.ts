import { LockCompromisedError, LockTimeoutError } from '../errors/lock-errors.js';
import { throwIfAborted } from '../protocol/abort.js';
import { type AcquireRequest, acquire } from '../protocol/acquirer.js';
import { AcquisitionState } from '../protocol/acquisition-state.js';
import type { Claim } from '../protocol/claim.js';
import { type LockContext, withNames } from '../protocol/context.js';
import { Holding } from '../protocol/holding.js';
import type { LockNames } from '../protocol/lock-names.js';
import { Waiter } from '../protocol/waiter.js';
import { GateKeepAlive } from './gate-keep-alive.js';
import { SlotCount } from './slot-count.js';
import { WriteHolding } from './write-holding.js';

/**
 * Acquires a shared lock for writing (docs/protocol.md, "Shared locks"): take the gate and
 * keep it, so no new reader registers (writers are preferred); then link the same claim to
 * every reader slot ever used, one by one, exactly as a waiter takes a lock: a slot held by a
 * live reader is waited for, one whose reader expired or died is broken (guarded, verified,
 * H2). Once every slot is ours, no reader holds the lock. Resolves `undefined` when `once` and
 * a writer or a live reader is in the way. A gate lost while waiting starts it over.
 */
export async function acquireWrite(
  context: LockContext,
  request: AcquireRequest,
): Promise<WriteHolding | undefined> {
  const deadline = context.time.localNow() + request.timeoutMs;
  for (;;) {
    const timeoutMs = Math.max(0, deadline - context.time.localNow());
    const claim = await acquire(context, { ...request, timeoutMs });
    if (claim === undefined) return undefined;
    const outcome = await takeEverySlot(context, claim, request, deadline);
    if (outcome !== 'gate-lost') return outcome;
    if (request.once) return undefined;
  }
}

async function takeEverySlot(
  context: LockContext,
  claim: Claim,
  request: AcquireRequest,
  deadline: number,
): Promise<WriteHolding | undefined | 'gate-lost'> {
  const gate = new Holding(context, claim);
  const taken: LockNames[] = [];
  const keepAlive = new GateKeepAlive(context, gate, request.signal);
  let complete: boolean;
  try {
    if (context.options.fencing) await gate.assignToken();
    const waiting = { ...request, signal: keepAlive.signal };
    complete = await takeSlotsInOrder(context, claim, taken, waiting, deadline);
    await keepAlive.stop();
    if (keepAlive.loss !== undefined) throw keepAlive.loss;
  } catch (error) {
    await keepAlive.stop();
    await new WriteHolding(context, gate, taken).discard().catch(() => undefined);
    if (keepAlive.loss !== undefined || error instanceof LockCompromisedError) {
      context.logger.warn('linklock: the gate was lost while waiting for readers; starting over', {
        path: context.names.lockfile,
      });
      return 'gate-lost';
    }
    if (error instanceof LockTimeoutError) throw readersTimeout(context, request, error);
    throw error;
  }
  const holding = new WriteHolding(context, gate, taken);
  if (complete) return holding;
  await holding.release();
  return undefined;
}

/** Takes slot 0, 1, ... of every slot ever used, adding each to `taken`; `false` when `once` meets a reader. */
async function takeSlotsInOrder(
  context: LockContext,
  claim: Claim,
  taken: LockNames[],
  request: AcquireRequest,
  deadline: number,
): Promise<boolean> {
  const count = await new SlotCount(context).read();
  for (let index = 0; index < count; index += 1) {
    const names = context.names.slot(index);
    if (!(await takeSlot(withNames(context, names), claim, request, deadline))) return false;
    taken.push(names);
  }
  return true;
}

/** Links `claim` to one slot, waiting for its reader to leave (or breaking it) as a waiter does. */
async function takeSlot(
  slot: LockContext,
  claim: Claim,
  request: AcquireRequest,
  deadline: number,
): Promise<boolean> {
  const waiter = new Waiter(slot, request.signal);
  try {
    const state = new AcquisitionState(slot, request, waiter, deadline);
    for (;;) {
      throwIfAborted(request.signal);
      const step = await state.step(claim);
      if (step === 'held') return true;
      if (step === 'gave-up') return false;
      if (step === 'new-claim') {
        throw new LockCompromisedError(
          slot.names.lockfile,
          `Our claim was removed while waiting for ${slot.names.lockfile}`,
        );
      }
    }
  } finally {
    waiter.close();
  }
}

function readersTimeout(
  context: LockContext,
  request: AcquireRequest,
  error: LockTimeoutError,
): LockTimeoutError {
  const holder = / \(held by [^)]*\)$/.exec(error.message)?.[0] ?? '';
  return new LockTimeoutError(
    context.names.lockfile,
    `Timed out after ${request.timeoutMs} ms waiting for the readers of ${context.names.lockfile} to leave${holder.replace('held by', 'a reader:')}`,
    { cause: error },
  );
}
