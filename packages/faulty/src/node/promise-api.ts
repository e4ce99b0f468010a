import type { AnyFunction, NodeCore } from './core.js';
import { FaultyFileHandle } from './file-handle.js';
import type { NodeOp } from './ops.js';
import { partialFor } from './partial-writes.js';

/** The functions of `node:fs/promises` the facade covers (the fd functions are the handle's). */
export const PROMISE_OPS: readonly NodeOp[] = [
  'readFile',
  'writeFile',
  'appendFile',
  'mkdir',
  'mkdtemp',
  'rm',
  'rmdir',
  'unlink',
  'rename',
  'link',
  'symlink',
  'readlink',
  'realpath',
  'readdir',
  'stat',
  'lstat',
  'access',
  'copyFile',
  'truncate',
  'utimes',
  'chmod',
];

/** Methods of a handle that `readFile(handle)` and the like stand for. */
const HANDLE_METHODS: Partial<Record<NodeOp, 'readFile' | 'writeFile' | 'appendFile'>> = {
  readFile: 'readFile',
  writeFile: 'writeFile',
  appendFile: 'appendFile',
};

/** The promise forms, `node:fs/promises`-shaped: `open` answers a {@link FaultyFileHandle}. */
export function promiseApi(core: NodeCore): Record<string, AnyFunction> {
  const api: Record<string, AnyFunction> = {};
  const inner = core.inner.promises;
  for (const op of PROMISE_OPS) {
    api[op] = (...args: unknown[]) => {
      const method = HANDLE_METHODS[op];
      if (method !== undefined && args[0] instanceof FaultyFileHandle) {
        return (args[0][method] as AnyFunction)(...args.slice(1));
      }
      const partial = partialFor(core.inner, op, args);
      return core.async(
        op,
        args,
        () => inner[op]!(...args),
        partial && (async (b, e) => partial(b, e)),
      );
    };
  }
  api.open = async (...args: unknown[]) => {
    const handle = await core.async('open', args, () => inner.open!(...args));
    return new FaultyFileHandle(core, handle as object, core.pathOf(args[0]));
  };
  return api;
}
