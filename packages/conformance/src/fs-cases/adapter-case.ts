import type { FsAdapter } from '@linklock/core';
import type { Expect } from '../test-framework.js';

/** Creates a symbolic link at `path` pointing to `target` in the adapter's storage. */
export type MakeSymlink = (target: string, path: string) => void | Promise<void>;

/**
 * What a case needs beyond the base contract. A case whose needs the adapter does not declare
 * is skipped with the reason, never failed: an adapter is judged by what it promises.
 */
export type Need = 'hardLinks' | 'reliableNlink' | 'reliableIno' | 'watch' | 'symlinks';

/** What a case runs with: a fresh adapter and an empty directory of its storage. */
export interface CaseTools {
  fs: FsAdapter;
  /** The empty directory the case works in. */
  root: string;
  /** `root/name`. */
  path(name: string): string;
  expect: Expect;
  /** Present when the case needs `symlinks` (it is skipped otherwise). */
  makeSymlink: MakeSymlink;
}

/** One line of the contract, proven by one case. Its title is the line; failures quote it. */
export interface AdapterCase {
  title: string;
  needs?: readonly Need[];
  /**
   * What the case checks is not something the lock relies on (inode numbers, link counts, the
   * watch, how fine mtimes are): a failure misinforms tools and other algorithms, not the lock.
   */
  advisory?: boolean;
  run(tools: CaseTools): Promise<void>;
}

/** The cases of one operation, run as one `describe` block. */
export interface CaseGroup {
  name: string;
  cases: readonly AdapterCase[];
}
