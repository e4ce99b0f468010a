/**
 * The operations of an `FsAdapter`, as named in rules, hooks and history; and `utimes`, which a
 * FaultyFs has only when the adapter it wraps has one (`FaultyFs.utimes`).
 */
export type Op =
  | 'writeFile'
  | 'read'
  | 'writeAt'
  | 'link'
  | 'unlink'
  | 'rename'
  | 'stat'
  | 'readdir'
  | 'utimes';

export const OPS: readonly Op[] = [
  'writeFile',
  'read',
  'writeAt',
  'link',
  'unlink',
  'rename',
  'stat',
  'readdir',
  'utimes',
];

/** `before`: the call fails or waits without taking effect; `after`: it took effect first. */
export type Phase = 'before' | 'after';

/** The names of the syscalls Node would report for each operation. */
export const SYSCALL: Record<Op, string> = {
  writeFile: 'open',
  read: 'open',
  writeAt: 'write',
  link: 'link',
  unlink: 'unlink',
  rename: 'rename',
  stat: 'lstat',
  readdir: 'scandir',
  utimes: 'utime',
};

/**
 * What a rule's `when` and a hook see of a call. `O` is the set of operation names: an
 * `FsAdapter`'s (`Op`, the default) for `FaultyFs`, `node:fs` function names for the facade of
 * `@linklock/faulty/node`.
 */
export interface CallContext<O extends string = Op> {
  op: O;
  /** The path the call is about (for link and rename: the new name and the old name). */
  path: string;
  /** Every path argument, in argument order. */
  paths: string[];
  /** Sequence number of the call on this FaultyFs, from 1. */
  call: number;
  /** The injected clock's time when the call arrived, when there is a clock. */
  now: number | undefined;
}

export type PathPattern = string | RegExp;

/** A string matches exactly; a pattern is tested against the path. */
export function pathMatches(pattern: PathPattern | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return pattern === path;
  pattern.lastIndex = 0; // a /g or /y pattern would otherwise match every other call
  return pattern.test(path);
}

/**
 * The path a call is "about": the one whose name it creates, removes or reads. For `link` that
 * is the new name (where EEXIST happens), for `rename` the old one (what disappears).
 */
export function subjectPath(op: Op, paths: string[]): string {
  return (op === 'link' ? paths[1] : paths[0]) ?? '';
}
