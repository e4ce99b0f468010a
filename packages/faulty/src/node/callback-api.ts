import type { AnyFunction, NodeCore } from './core.js';
import { callbackMissing } from './node-error.js';
import { NODE_OPS, type NodeOp } from './ops.js';
import { partialFor } from './partial-writes.js';

/** The callback functions answering with two values; the others answer with one (or none). */
const TWO_RESULTS: ReadonlySet<NodeOp> = new Set<NodeOp>(['read', 'write']);

/**
 * The callback forms (`fs.writeFile(path, data, callback)`, ...). The callback is always called
 * asynchronously, from `process.nextTick`, never from inside a promise: an exception it throws
 * is an uncaught exception, as with Node's own callbacks, not an unhandled rejection.
 */
export function callbackApi(core: NodeCore): Record<string, AnyFunction> {
  const api: Record<string, AnyFunction> = {};
  for (const op of NODE_OPS) {
    api[op] = (...args: unknown[]) => {
      const callback = takeCallback(args);
      const two = TWO_RESULTS.has(op);
      const run = () => viaCallback(core.inner, op, args, two);
      deliver(core.async(op, args, run, partialAnswer(core, op, args)), callback, two);
    };
  }
  api.open = (...args: unknown[]) => {
    const callback = takeCallback(args);
    const opened = core.async('open', args, () => viaCallback(core.inner, 'open', args, false));
    deliver(
      opened.then((fd) => {
        core.fds.set(fd as number, core.pathOf(args[0]));
        return fd;
      }),
      callback,
      false,
    );
  };
  api.close = (fd: number, callback: unknown = () => {}) => {
    const closed = core.async('close', [fd], () => viaCallback(core.inner, 'close', [fd], false));
    deliver(
      closed.then(() => void core.fds.delete(fd)),
      checked(callback),
      false,
    );
  };
  // Node's exists calls back with one boolean, false for every failure, an injected one too.
  api.exists = (path: unknown, callback: unknown) => {
    const answer = checked(callback);
    core
      .async('exists', [path], async () => core.inner.existsSync!(path) as boolean)
      .then(
        (exists) => process.nextTick(answer, exists),
        () => process.nextTick(answer, false),
      );
  };
  promisifiedAsNode(api);
  return api;
}

/**
 * `util.promisify` of Node's `read` and `write` answers `{ bytesRead | bytesWritten, buffer }`,
 * and of `exists` a boolean: code that promisifies them gets the same from the facade.
 */
function promisifiedAsNode(api: Record<string, AnyFunction>): void {
  const custom = Symbol.for('nodejs.util.promisify.custom');
  const pair =
    (name: string, count: string) =>
    (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        api[name]!(...args, (error: unknown, first: unknown, buffer: unknown) => {
          if (error) reject(error);
          else resolve({ [count]: first, buffer });
        });
      });
  Object.assign(api.read!, { [custom]: pair('read', 'bytesRead') });
  Object.assign(api.write!, { [custom]: pair('write', 'bytesWritten') });
  Object.assign(api.exists!, {
    [custom]: (path: unknown) => new Promise((resolve) => api.exists!(path, resolve)),
  });
}

/** Calls a callback function of the inner filesystem: its answer (or answers) as a promise. */
function viaCallback(
  inner: Record<string, AnyFunction>,
  name: string,
  args: unknown[],
  two: boolean,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    inner[name]!(...args, (error: unknown, first: unknown, second: unknown) => {
      if (error) reject(error);
      else resolve(two ? [first, second] : first);
    });
  });
}

function deliver(answer: Promise<unknown>, callback: AnyFunction, two: boolean): void {
  answer.then(
    (value) => {
      const values = two ? (value as unknown[]) : value === undefined ? [] : [value];
      process.nextTick(callback, null, ...values);
    },
    (error) => process.nextTick(callback, error),
  );
}

function takeCallback(args: unknown[]): AnyFunction {
  return checked(args.pop());
}

function checked(callback: unknown): AnyFunction {
  if (typeof callback !== 'function') throw callbackMissing(callback);
  return callback as AnyFunction;
}

/** A partial write answered as the callback form answers: `write` with its count and buffer. */
function partialAnswer(core: NodeCore, op: NodeOp, args: unknown[]) {
  const partial = partialFor(core.inner, op, args);
  if (partial === undefined) return undefined;
  return async (bytes: number, error: Error): Promise<unknown> => {
    const written = partial(bytes, error);
    return op === 'write' ? [written, args[1]] : written;
  };
}
