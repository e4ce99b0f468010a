import type { FsAdapter } from '../contracts/fs-adapter.js';
import type { Logger } from '../contracts/logger.js';
import type { ResolvedLockOptions } from '../options.js';
import { LockNames } from './lock-names.js';
import { TimeKeeper } from './time-keeper.js';

/** What every step of the protocol needs: the options, the file names and the clocks. */
export interface LockContext {
  readonly options: ResolvedLockOptions;
  readonly names: LockNames;
  readonly time: TimeKeeper;
  readonly fs: FsAdapter;
  readonly logger: Logger;
}

/** The context of the lock file `lockfile`. */
export function createLockContext(lockfile: string, options: ResolvedLockOptions): LockContext {
  const names = new LockNames(lockfile);
  return {
    options,
    names,
    time: new TimeKeeper(options.fs, options.clock, names.directory),
    fs: options.fs,
    logger: options.logger,
  };
}

/** The same lock's context, acting on another of its lock files (a shared lock's slot). */
export function withNames(context: LockContext, names: LockNames): LockContext {
  return { ...context, names };
}
