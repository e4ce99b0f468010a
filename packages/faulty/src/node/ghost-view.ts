import type { Clock } from '@linklock/core';
import { errorCode } from '@linklock/core';
import { appliesTo, GhostNames } from '../delayed-unlink.js';
import { nodeError } from './node-error.js';
import { NODE_SYSCALL, type NodeOp, nodeSubject, TWO_PATH_OPS } from './ops.js';
import type { NodeDelayedUnlinkOptions } from './options.js';
import { settle } from './settle.js';

/** What a removed name still answers with while it stays visible. */
interface NodeGhost {
  stats: { isDirectory(): boolean; size: number };
  content: Uint8Array | undefined;
}

/** The synchronous functions of the inner filesystem a snapshot needs. */
interface SnapshotSource {
  lstatSync(path: string): NodeGhost['stats'];
  readFileSync(path: string): Uint8Array;
}

/** How much of a removed file a ghost name keeps serving. */
const GHOST_CONTENT_BYTES = 64 * 1024;
/** O_EXCL on Linux: an `open` with it must not find the name. */
const O_EXCL = 0o200;
/** `fs.constants.COPYFILE_EXCL`. */
const COPYFILE_EXCL = 1;

/**
 * Delayed unlink, `visible` mode, for the node:fs facade: a name removed by `unlink` or `rmdir`
 * stays visible through the facade for `ms` — `stat`, `lstat`, `access`, `exists` and
 * `readFile` answer from a snapshot taken before the removal, `readdir` lists it, and calls
 * that must not find the name (`link`, `symlink`, `mkdir`, exclusive `open`, `writeFile` with
 * an `x` flag, `copyFile` with COPYFILE_EXCL) fail with EEXIST. The inner filesystem sees it
 * gone at once. It sees every form the same way: a call's answer is one value here (the
 * callback form's single result).
 */
export class NodeGhostView {
  readonly #options: NodeDelayedUnlinkOptions | undefined;
  readonly #ghosts: GhostNames<NodeGhost> | undefined;
  readonly #source: SnapshotSource;

  constructor(
    inner: object,
    options: NodeDelayedUnlinkOptions | undefined,
    clock: Clock | undefined,
  ) {
    this.#options = options;
    this.#ghosts = options !== undefined && clock !== undefined ? new GhostNames(clock) : undefined;
    this.#source = inner as SnapshotSource;
  }

  /** Runs the call as seen through the ghost names; `run` may answer a value or a promise. */
  around<T>(op: NodeOp, args: unknown[], paths: string[], run: () => T): T {
    const ghosts = this.#ghosts;
    if (ghosts === undefined) return run();
    const subject = nodeSubject(op, paths);
    if (refusesExisting(op, args) && ghosts.at(subject) !== undefined) {
      throw ghostExists(op, paths);
    }
    const removes = op === 'unlink' || op === 'rmdir';
    const snapshot =
      removes && appliesTo(this.#options, subject) ? this.#snapshot(subject) : undefined;
    return settle(
      run,
      (value) => {
        if (snapshot !== undefined) ghosts.add(subject, this.#options!.ms, snapshot);
        else if (CREATES.has(op)) ghosts.forget(createdName(op, paths));
        return withGhostNames(ghosts, op, args, subject, value);
      },
      (error) => fromGhost(ghosts.at(subject), op, args, error),
    );
  }

  #snapshot(path: string): NodeGhost | undefined {
    try {
      const stats = this.#source.lstatSync(path);
      const small = !stats.isDirectory() && stats.size <= GHOST_CONTENT_BYTES;
      return { stats, content: small ? this.#source.readFileSync(path) : undefined };
    } catch {
      return undefined; // a name that cannot be looked at is removed plainly
    }
  }
}

function refusesExisting(op: NodeOp, args: unknown[]): boolean {
  switch (op) {
    case 'link':
    case 'symlink':
      return true;
    case 'mkdir':
      return !(args[1] as { recursive?: boolean } | undefined)?.recursive;
    case 'copyFile':
      return typeof args[2] === 'number' && (args[2] & COPYFILE_EXCL) !== 0;
    case 'open':
      return exclusiveFlag(args[1]);
    case 'writeFile':
    case 'appendFile':
      return exclusiveFlag((args[2] as { flag?: unknown } | undefined)?.flag);
    default:
      return false;
  }
}

function exclusiveFlag(flag: unknown): boolean {
  if (typeof flag === 'string') return flag.includes('x');
  return typeof flag === 'number' && (flag & O_EXCL) !== 0;
}

/** Functions whose success makes a name real again: a ghost there is forgotten. */
const CREATES: ReadonlySet<NodeOp> = new Set<NodeOp>([
  'open',
  'writeFile',
  'appendFile',
  'mkdir',
  'rename',
  'link',
  'symlink',
  'copyFile',
]);

/** The name a successful call made real (a ghost there is forgotten). */
function createdName(op: NodeOp, paths: string[]): string {
  return (TWO_PATH_OPS.has(op) ? paths[1] : paths[0]) ?? '';
}

function ghostExists(op: NodeOp, paths: string[]): Error {
  const dest = TWO_PATH_OPS.has(op) ? paths[1] : undefined;
  const error = nodeError('EEXIST', NODE_SYSCALL[op], paths[0], dest);
  Object.defineProperty(error, 'injectedBy', { value: 'delayed unlink' });
  return error;
}

/** `readdir` lists the ghost names of the directory; `exists` sees a ghost. */
function withGhostNames<T>(
  ghosts: GhostNames<NodeGhost>,
  op: NodeOp,
  args: unknown[],
  subject: string,
  value: T,
): T {
  if (op === 'exists' && value === false) return (ghosts.at(subject) !== undefined) as T;
  if (op !== 'readdir' || !Array.isArray(value)) return value;
  const withTypes = (args[1] as { withFileTypes?: boolean } | undefined)?.withFileTypes === true;
  const listed = new Set(value.map((entry) => (withTypes ? entry.name : String(entry))));
  const extra = ghosts
    .namesIn(subject)
    .filter((name) => !listed.has(name))
    .map((name) =>
      withTypes ? ghostDirent(subject, name, ghosts.at(`${subject}/${name}`)) : name,
    );
  return [...value, ...extra] as T;
}

/** A removed name answers `stat`, `lstat`, `access` and `readFile` from its snapshot. */
function fromGhost(ghost: NodeGhost | undefined, op: NodeOp, args: unknown[], error: unknown) {
  if (ghost === undefined || errorCode(error) !== 'ENOENT') throw error;
  if (op === 'stat' || op === 'lstat') return ghost.stats;
  if (op === 'access') return undefined;
  if (op === 'readFile' && ghost.content !== undefined) {
    const options = args[1];
    const encoding =
      typeof options === 'string' ? options : (options as { encoding?: string })?.encoding;
    const content = Buffer.from(ghost.content);
    return encoding ? content.toString(encoding as BufferEncoding) : content;
  }
  throw error;
}

function ghostDirent(directory: string, name: string, ghost: NodeGhost | undefined) {
  const isDirectory = ghost?.stats.isDirectory() ?? false;
  return {
    name,
    parentPath: directory,
    path: directory,
    isFile: () => !isDirectory,
    isDirectory: () => isDirectory,
    isSymbolicLink: () => false,
    isBlockDevice: () => false,
    isCharacterDevice: () => false,
    isFIFO: () => false,
    isSocket: () => false,
  };
}
