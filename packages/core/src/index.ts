export type { Clock, SleepOptions } from './contracts/clock.js';
export type {
  FileRead,
  FsAdapter,
  FsCapabilities,
  FsStats,
  WriteFileOptions,
} from './contracts/fs-adapter.js';
export type { HostIdentity } from './contracts/host-identity.js';
export type { Logger } from './contracts/logger.js';
export { silentLogger } from './contracts/logger.js';
export type { Random } from './contracts/random.js';
export { errorCode, FsError, hasCode } from './errors/fs-error.js';
export {
  AbortError,
  AlreadyLockedError,
  ForeignLockFileError,
  LockCompromisedError,
  LockError,
  LockTimeoutError,
  NotLockedError,
  UnsupportedFilesystemError,
} from './errors/lock-errors.js';
export { Lock } from './lock.js';
export type { LockDetails, LockHandle, LockState, WaitOptions } from './lock-types.js';
export type { LockOptions } from './options.js';
export {
  DEFAULT_CLOCK_SLOP,
  DEFAULT_LIFETIME,
  DEFAULT_MAX_DELAY,
  DEFAULT_MIN_DELAY,
} from './options.js';
export type { BreakResult } from './protocol/break-request.js';
export { LockNames } from './protocol/lock-names.js';
export type { OwnerRecord, TimeSource } from './protocol/owner-record.js';
export { encodeRecord, MAX_RECORD_BYTES, parseRecord } from './protocol/owner-record.js';
export { ReadWriteLock } from './rw/read-write-lock.js';
export type { ReadWriteHandle, ReadWriteState } from './rw/rw-types.js';
