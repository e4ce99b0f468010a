import { hasCode } from '../errors/fs-error.js';
import { ForeignLockFileError } from '../errors/lock-errors.js';
import type { LockContext } from './context.js';
import { looksCutShort, MAX_RECORD_BYTES, type OwnerRecord, parseRecord } from './owner-record.js';
import { readContent } from './read-content.js';
import { readAgainWhileCutShort } from './read-until-whole.js';

/** What sits at a path the protocol reads (the lock file, a tombstone, the break guard). */
export type Inspection =
  /** `stale`: the read met ESTALE (a handle of this name's file that another client removed). */
  | { kind: 'absent'; stale?: true }
  | { kind: 'foreign'; reason: string; cause?: unknown; empty?: true }
  | { kind: 'record'; record: OwnerRecord; data: string };

/**
 * Reads the file at `path` fresh (open + bounded read, H16/H17), never following a symlink
 * (H14). A vanished file (ENOENT, or ESTALE on NFS) is `absent`, not an error (H1); anything that is not a linklock
 * record is `foreign` (H10), a record read short only once reading again for a while never
 * showed it whole (H17). Other errors propagate.
 */
export function inspect(context: LockContext, path: string): Promise<Inspection> {
  // Not an async function: it runs at every look at a file, and a layer costs allocations.
  return readOnce(context, path).then((first) =>
    // Nearly every read is whole: the retries only for one that is not.
    first.kind === 'cut-short' ? readWhole(context, path, first) : first,
  );
}

/** Reads a file read cut short again (H17); still cut short after the pauses: foreign. */
async function readWhole(context: LockContext, path: string, first: Read): Promise<Inspection> {
  const read = await readAgainWhileCutShort(
    context,
    path,
    first,
    () => readOnce(context, path),
    (result) => result.kind === 'cut-short',
  );
  if (read.kind !== 'cut-short') return read;
  return {
    kind: 'foreign',
    reason: 'a file that is not a linklock owner record (it starts as one)',
  };
}

type Read = Inspection | { kind: 'cut-short' };

/**
 * One read of `path`, judged. A plain function with named handlers rather than an async one:
 * it runs at every look at a lock file, and an async layer costs allocations of its own.
 */
function readOnce(context: LockContext, path: string): Promise<Read> {
  return readContent(context.fs, path, MAX_RECORD_BYTES).then(judgeContent, judgeReadError);
}

function judgeContent(data: string): Read {
  const record = parseRecord(data);
  if (record === undefined && looksCutShort(data)) return { kind: 'cut-short' };
  if (data === '')
    return { kind: 'foreign', reason: 'a file that is not a linklock owner record', empty: true };
  if (record === undefined)
    return { kind: 'foreign', reason: 'a file that is not a linklock owner record' };
  return { kind: 'record', record, data };
}

function judgeReadError(error: unknown): Read {
  // ESTALE: an NFS client acted on a handle whose file another client removed: gone too.
  if (hasCode(error, 'ESTALE')) return { kind: 'absent', stale: true };
  if (hasCode(error, 'ENOENT')) return { kind: 'absent' };
  if (hasCode(error, 'ELOOP')) return { kind: 'foreign', reason: 'a symbolic link', cause: error };
  if (hasCode(error, 'EISDIR'))
    return { kind: 'foreign', reason: 'a directory or other non-file', cause: error };
  if (hasCode(error, 'EFBIG'))
    return {
      kind: 'foreign',
      reason: `a file larger than ${MAX_RECORD_BYTES} bytes`,
      cause: error,
    };
  throw error;
}

/** The error for a foreign file at the lock path (H10): it is reported, never broken or removed. */
export function foreignLockFile(
  lockfile: string,
  found: Extract<Inspection, { kind: 'foreign' }>,
): ForeignLockFileError {
  return new ForeignLockFileError(
    lockfile,
    `${lockfile} is ${found.reason}, not a linklock lock file; it was left untouched`,
    {
      cause: found.cause,
    },
  );
}
