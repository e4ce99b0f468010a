import type { FsAdapter } from '@linklock/core';
import type { ContendersResult, ContentionPlan } from './contenders.js';
import type { Observations } from './observations.js';
import type { Peer } from './peer.js';
import type { CheckEntry } from './report.js';

/**
 * What a check runs against: a scratch directory it made in the target, the adapter a lock
 * there would be given, and ways to get another process onto it. A directory on this machine
 * (`local-subject.ts`), a directory of an NFS export (`nfs-subject.ts`), or in the tests an
 * in-memory volume behind a deliberately broken adapter.
 */
export interface CheckSubject {
  /** The directory or nfs:// URL as given. */
  readonly target: string;
  /** The other view of the same directory, as given (`--other-view`), or null. */
  readonly otherView: string | null;
  /** The scratch directory, as `fs` names it; removed by {@link close}. */
  readonly scratch: string;
  /** The adapter a lock in the target would be given. */
  readonly fs: FsAdapter;
  /** Who made `fs` and so declared its capabilities, for the report. */
  readonly declaredBy: string;
  /**
   * A second process's adapter, naming paths as `fs` does: on the other view when there is
   * one (two hosts, as far as caches go), else a fresh adapter on the same directory.
   */
  secondAdapter(): Promise<FsAdapter>;
  /** Makes a directory (its parent exists). */
  mkdir(path: string): Promise<void>;
  /** Removes a directory and everything in it. */
  removeTree(path: string): Promise<void>;
  /** Makes a symbolic link; rejects with the errno (EPERM) where the filesystem has none. */
  makeSymlink(target: string, path: string): Promise<void>;
  /** Starts another process on the scratch directory (through the other view, if any). */
  startPeer(): Promise<Peer>;
  /** Runs the contenders of a contention run, in processes of their own. */
  runContenders(plan: ContentionPlan): Promise<ContendersResult>;
  /** The filesystem section: what it is, how it is mounted, and the declaration vs `observed`. */
  describeFilesystem(observed: Observations): Promise<CheckEntry[]>;
  /** Removes the scratch directory and lets go of connections. */
  close(): Promise<void>;
}
