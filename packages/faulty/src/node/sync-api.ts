import type { AnyFunction, NodeCore } from './core.js';
import { NODE_OPS } from './ops.js';
import { partialFor } from './partial-writes.js';

/**
 * The synchronous forms (`writeFileSync`, ...): the same rules as the other forms, thrown. No
 * latency (a synchronous call cannot wait on a clock) and no pause (it cannot be held).
 */
export function syncApi(core: NodeCore): Record<string, AnyFunction> {
  const api: Record<string, AnyFunction> = {};
  for (const op of NODE_OPS) {
    const name = `${op}Sync`;
    api[name] = (...args: unknown[]) =>
      core.sync(op, args, () => core.inner[name]!(...args), partialFor(core.inner, op, args));
  }
  api.openSync = (...args: unknown[]) => {
    const fd = core.sync('open', args, () => core.inner.openSync!(...args)) as number;
    core.fds.set(fd, core.pathOf(args[0]));
    return fd;
  };
  api.closeSync = (fd: number) => {
    core.sync('close', [fd], () => core.inner.closeSync!(fd));
    core.fds.delete(fd);
  };
  // Node's existsSync answers false for every failure, an injected one too.
  api.existsSync = (path: unknown) => {
    try {
      return core.sync('exists', [path], () => core.inner.existsSync!(path)) as boolean;
    } catch {
      return false;
    }
  };
  return api;
}
