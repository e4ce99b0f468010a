import type { LockContext } from '../protocol/context.js';
import { holderDetails } from '../protocol/holder-details.js';
import { inspect } from '../protocol/inspect.js';
import type { ReadWriteState } from './rw-types.js';
import { SlotCount } from './slot-count.js';

/**
 * Who holds a shared lock, from its files (a look, not a lock: it may change right after):
 * the gate's holder is the writer unless it is a reader registering; the readers are the
 * reader claims found in the slots.
 */
export async function readWriteState(context: LockContext): Promise<ReadWriteState> {
  const gate = await inspect(context, context.names.lockfile);
  const writer =
    gate.kind === 'record' && !context.names.isReaderClaim(gate.record.claim)
      ? await holderDetails(context, gate.record)
      : undefined;
  const readers = [];
  const count = await new SlotCount(context).peek();
  for (let index = 0; index < count; index += 1) {
    const slot = await inspect(context, context.names.slot(index).lockfile);
    if (slot.kind === 'record' && context.names.isReaderClaim(slot.record.claim)) {
      readers.push(await holderDetails(context, slot.record));
    }
  }
  return { writer, waitingWriter: writer !== undefined && readers.length > 0, readers };
}
