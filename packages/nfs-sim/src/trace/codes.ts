/**
 * The words the trace uses for what a call came to. They are closed sets because the simulator
 * makes every error its processes see: the simulated NFS answers with an {@link Errno}, the
 * lock with a {@link LockErrorCode}, and anything else is a bug that the trace names by the
 * error's name (a `TypeError`), so that it shows instead of passing for an outcome.
 */

/** A call a process makes on its filesystem (a `ProcessFs` method), as an `op` event names it. */
export type FileOp =
  | 'writeFile'
  | 'read'
  | 'writeAt'
  | 'link'
  | 'unlink'
  | 'rename'
  | 'stat'
  | 'readdir'
  | 'utimes';

/** The errno codes the simulated server and clients answer with (every `quickError`). */
export type Errno =
  | 'ENOENT'
  | 'EEXIST'
  | 'ESTALE'
  | 'EIO'
  | 'EISDIR'
  | 'ENOTDIR'
  | 'EPERM'
  | 'EFBIG';

/** The codes of @linklock/core's lock errors (its `LockError` subclasses and `AbortError`). */
export type LockErrorCode =
  | 'ELOCKTIMEOUT'
  | 'EALREADYLOCKED'
  | 'ENOTLOCKED'
  | 'ECOMPROMISED'
  | 'ELOCKUNSUPPORTED'
  | 'ELOCKFOREIGN'
  | 'ABORT_ERR';

/**
 * An error thrown without a code, by its name (`TypeError`), or `error` when it has no name
 * either (a thrown string): a bug of the algorithm or of the simulator, never a lock outcome.
 */
export type UncodedError = `${string}Error` | 'error';

/** What a failed lock or release call threw, as the workload reads it (its `code`, else its name). */
export type ErrorCode = Errno | LockErrorCode | UncodedError;

/** What a file operation came to: `ok` or the client's errno (`error`: it threw without a code). */
export type OpResult = 'ok' | Errno | 'error';

/** Why a lock call ended without the lock: `busy` (tryLock), `timeout`, or what it threw. */
export type AcquireFailure = 'busy' | 'timeout' | ErrorCode;

/** What a release call came to: `ok` or what it threw (ECOMPROMISED, ENOTLOCKED, EIO, ...). */
export type ReleaseResult = 'ok' | ErrorCode;
