import { dirname, resolve } from 'node:path';
import type { AnyFunction } from './core.js';
import { nodeError } from './node-error.js';
import type { NodeOp } from './ops.js';

/** The synchronous look-ups the checks make on the inner filesystem. */
interface Lookups {
  lstatSync(path: string): { isDirectory(): boolean };
  readdirSync(path: string): unknown[];
}

/**
 * Where memfs (4.80) answers otherwise than Linux, the facade over it answers as Linux does, so
 * that code tested in memory meets the errors it will meet on disk. Found by the fidelity test
 * (test/node/fidelity.test.ts), which compares the facade over memfs with node:fs:
 * memfs renames a directory into itself (losing the tree), a file over a directory and a
 * directory over a file or a non-empty directory; hard-links directories; makes names under a
 * file; answers EPERM for unlink of a directory (Linux: EISDIR); and `mkdir -p` of an existing
 * file succeeds. Each check runs before the inner call and throws Node's error.
 */
export function memfsChecks(inner: object): (op: NodeOp, args: unknown[]) => void {
  const look = inner as Lookups & Record<string, AnyFunction>;
  const kind = (path: string): 'dir' | 'file' | undefined => {
    try {
      return look.lstatSync(path).isDirectory() ? 'dir' : 'file';
    } catch {
      return undefined;
    }
  };
  /** A name under a file: Linux says ENOTDIR, memfs ENOENT or nothing. */
  const underFile = (path: string) => ancestors(path).some((dir) => kind(dir) === 'file');
  return (op, args) => {
    const [first, second] = args.map((arg) => (typeof arg === 'string' ? arg : String(arg)));
    if (op === 'rename') renameCheck(first!, second!, kind, underFile, look);
    if (op === 'link') linkCheck(first!, second!, kind, underFile);
    if (op === 'unlink' && kind(first!) === 'dir') throw nodeError('EISDIR', 'unlink', first);
    if (op === 'mkdir' && (args[1] as { recursive?: boolean } | undefined)?.recursive) {
      if (kind(first!) === 'file') throw nodeError('EEXIST', 'mkdir', first);
      if (underFile(first!)) throw nodeError('ENOTDIR', 'mkdir', first);
    }
  };
}

function renameCheck(
  from: string,
  to: string,
  kind: (path: string) => 'dir' | 'file' | undefined,
  underFile: (path: string) => boolean,
  look: Lookups,
): void {
  const fail = (code: string) => {
    throw nodeError(code, 'rename', from, to);
  };
  if (underFile(to)) fail('ENOTDIR'); // Linux looks the new name up first
  const source = kind(from);
  if (source === undefined || kind(dirname(resolve(to))) === undefined) return; // ENOENT, as memfs says
  const target = kind(to);
  if (resolve(from) === resolve(to)) return;
  if (resolve(from).startsWith(`${resolve(to)}/`)) fail('ENOTEMPTY'); // onto its own ancestor
  if (source === 'dir' && resolve(to).startsWith(`${resolve(from)}/`)) fail('EINVAL');
  if (source === 'file' && target === 'dir') fail('EISDIR');
  if (source === 'dir' && target === 'file') fail('ENOTDIR');
  if (source === 'dir' && target === 'dir' && look.readdirSync(to).length > 0) fail('ENOTEMPTY');
}

/** In Linux's order: the existing name, the new name's directories, the new name, a directory. */
function linkCheck(
  existing: string,
  name: string,
  kind: (path: string) => 'dir' | 'file' | undefined,
  underFile: (path: string) => boolean,
): void {
  const source = kind(existing);
  if (source === undefined) return; // memfs answers ENOENT itself
  if (underFile(name)) throw nodeError('ENOTDIR', 'link', existing, name);
  if (kind(dirname(resolve(name))) === undefined) return; // ENOENT, as memfs says
  if (kind(name) !== undefined) throw nodeError('EEXIST', 'link', existing, name);
  if (source === 'dir') throw nodeError('EPERM', 'link', existing, name);
}

/** The directories above `path`, nearest first. */
function ancestors(path: string): string[] {
  const above: string[] = [];
  for (let dir = dirname(resolve(path)); dir !== dirname(dir); dir = dirname(dir)) above.push(dir);
  return above;
}
