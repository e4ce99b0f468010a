/** A path taken apart: its directory, its last name, and its steps from the root. */
interface PathParts {
  readonly parent: string;
  readonly base: string;
  readonly steps: readonly string[];
}

/** Enough for every name of a run's lock directory; past it, the memo starts again. */
const MEMO_LIMIT = 10_000;

/**
 * Paths taken apart once. Every call of a simulated client and of the server resolves its
 * paths, the same few again and again (the lock file, a process's claim); taking each apart
 * anew made new strings, hashed anew for every map lookup, which was a twentieth of a run. The
 * parts are the same strings each time, so their hashes are computed once. A pure function's
 * memo: it changes no answer, only how fast it comes.
 */
const memo = new Map<string, PathParts>();

function partsOf(path: string): PathParts {
  let parts = memo.get(path);
  if (parts === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    const slash = path.lastIndexOf('/');
    parts = {
      parent: slash <= 0 ? '/' : path.slice(0, slash),
      base: path.slice(slash + 1),
      steps: path.split('/').filter((step) => step !== ''),
    };
    memo.set(path, parts);
  }
  return parts;
}

/** The directory a path names an entry of ('/' for a name in the root or a relative name). */
export function parentOf(path: string): string {
  return partsOf(path).parent;
}

/** The last name of a path. */
export function baseOf(path: string): string {
  return partsOf(path).base;
}

/** The names a path walks through from the root (empty steps, as in `a//b`, skipped). */
export function stepsOf(path: string): readonly string[] {
  return partsOf(path).steps;
}
