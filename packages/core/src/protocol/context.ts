import type { FsAdapter } from '../contracts/fs-adapter.js';
import type { Logger } from '../contracts/logger.js';
import type { ResolvedLockOptions } from '../options.js';
import type { LockNames } from './lock-names.js';
import type { TimeKeeper } from './time-keeper.js';

/** What every step of the protocol needs: the options, the file names and the clocks. */
export interface LockContext {
  readonly options: ResolvedLockOptions;
  readonly names: LockNames;
  readonly time: TimeKeeper;
  readonly fs: FsAdapter;
  readonly logger: Logger;
}
