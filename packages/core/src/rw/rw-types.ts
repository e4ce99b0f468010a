import type { LockDetails } from '../lock-types.js';

/** A held shared lock as a disposable: `await using reading = await rw.acquireRead()`. */
export interface ReadWriteHandle extends AsyncDisposable {
  readonly mode: 'read' | 'write';
  /** The fencing token of this acquisition (`fencing: true`), else undefined. */
  readonly fencingToken: number | undefined;
  release(): Promise<void>;
}

/**
 * Who holds a shared lock: the writer (holding it, or waiting for readers to leave: then
 * `waitingWriter`), and the readers. `expiresAt` is on this process's clock.
 */
export interface ReadWriteState {
  writer: LockDetails | undefined;
  waitingWriter: boolean;
  readers: LockDetails[];
}
