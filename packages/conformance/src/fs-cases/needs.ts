import type { FsAdapter } from '@linklock/core';
import type { MakeSymlink, Need } from './adapter-case.js';

const REASONS: Record<Need, string> = {
  hardLinks: 'the adapter declares capabilities.hardLinks false (the lock cannot work on it)',
  reliableNlink:
    'the adapter declares capabilities.reliableNlink false (nlink is not trusted; the lock does not use it)',
  reliableIno:
    'the adapter declares capabilities.reliableIno false (inode numbers are not trusted; the lock does not use them)',
  watch: 'the adapter has no watch() (waiters fall back to their backoff)',
  symlinks:
    'no makeSymlink hook was given (the storage cannot hold symlinks, or the test cannot make one)',
};

/** Why a case cannot run on this adapter, or `undefined` when it can. */
export function unmetNeed(
  needs: readonly Need[] | undefined,
  fs: FsAdapter,
  makeSymlink: MakeSymlink | undefined,
): string | undefined {
  const unmet = (needs ?? []).find((need) => !isMet(need, fs, makeSymlink));
  return unmet === undefined ? undefined : REASONS[unmet];
}

function isMet(need: Need, fs: FsAdapter, makeSymlink: MakeSymlink | undefined): boolean {
  switch (need) {
    case 'hardLinks':
    case 'reliableNlink':
    case 'reliableIno':
      return fs.capabilities[need] === true;
    case 'watch':
      return typeof fs.watch === 'function';
    case 'symlinks':
      return makeSymlink !== undefined;
  }
}
