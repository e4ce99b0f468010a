import { LockCompromisedError } from '../errors/lock-errors.js';
import type { Claim } from '../protocol/claim.js';
import { type LockContext, withNames } from '../protocol/context.js';
import { attemptLink } from '../protocol/link-attempt.js';
import type { LockNames } from '../protocol/lock-names.js';
import { SlotCount } from './slot-count.js';

/** Links onto one slot at most this often when its lock file keeps vanishing or EPERM comes back. */
const TRIES_PER_SLOT = 3;

/**
 * Takes a free reader slot for `claim`, whose link to the gate is held: links the claim to a
 * slot that is not in use (starting at a random one, so readers spread), or else to a new slot,
 * counted before it is linked so that every writer after us looks at it. Resolves the slot's
 * names. Slots in use are never broken here: only a writer, which must empty them, does that.
 */
export async function takeReaderSlot(context: LockContext, claim: Claim): Promise<LockNames> {
  const count = new SlotCount(context);
  const used = await count.read();
  const start = Math.floor(context.options.random.next() * used);
  for (let offset = 0; offset < used; offset += 1) {
    const names = context.names.slot((start + offset) % used);
    if (await linkSlot(context, names, claim)) return names;
  }
  for (let index = used; ; index += 1) {
    await count.extend(index, index + 1);
    const names = context.names.slot(index);
    // Taken only by a reader that lost the gate while registering: it leaves again.
    if (await linkSlot(context, names, claim)) return names;
  }
}

/** Whether `claim` now holds the slot. */
async function linkSlot(context: LockContext, names: LockNames, claim: Claim): Promise<boolean> {
  const slot = withNames(context, names);
  for (let tries = 0; tries < TRIES_PER_SLOT; tries += 1) {
    const outcome = await attemptLink(slot, claim, () => undefined);
    switch (outcome.kind) {
      case 'held':
        return true;
      case 'taken':
      case 'contended':
        return false;
      case 'vanished':
      case 'no-lock-eperm':
        continue;
      case 'claim-lost':
      case 'claim-displaced':
        throw new LockCompromisedError(
          context.names.lockfile,
          `Our claim on ${context.names.lockfile} was removed while taking a reader slot`,
        );
    }
  }
  return false;
}
