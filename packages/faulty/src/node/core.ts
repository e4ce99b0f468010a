import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FaultEngine, type PartialEffect } from '../fault-engine.js';
import { NodeGhostView } from './ghost-view.js';
import { memfsChecks } from './memfs-fidelity.js';
import { nodeError } from './node-error.js';
import { FD_OPS, NODE_OPS, NODE_SYSCALL, type NodeOp, nodeSubject, TWO_PATH_OPS } from './ops.js';
import type { FaultyNodeFsOptions, NodeFaultRule } from './options.js';
import { realFs } from './real-modules.js';

// biome-ignore lint/suspicious/noExplicitAny: the inner filesystem's functions take any arguments
export type AnyFunction = (...args: any[]) => any;

/** The inner filesystem, looked at function by function. */
export type InnerFs = Record<string, AnyFunction> & { promises: Record<string, AnyFunction> };

/**
 * What the three API forms share: the rule engine (rules, pauses, latency, history), the ghost
 * names of delayed unlinks, the file descriptors opened through the facade (so an fd call is
 * matched and recorded by the path it was opened with), and the root the paths are confined to.
 */
export class NodeCore {
  readonly engine: FaultEngine<NodeOp, NodeFaultRule>;
  readonly inner: InnerFs;
  readonly fds = new Map<number, string>();
  readonly #ghosts: NodeGhostView;
  readonly #root: string | undefined;
  /** Linux's answers where memfs gives others (none over the real node:fs). */
  readonly #checks: ((op: NodeOp, args: unknown[]) => void) | undefined;

  constructor(options: FaultyNodeFsOptions) {
    this.inner = options.inner as InnerFs;
    this.#root = options.root === undefined ? undefined : resolve(options.root);
    this.engine = new FaultEngine<NodeOp, NodeFaultRule>({
      ops: NODE_OPS,
      seed: options.seed,
      rules: options.rules,
      latency: options.latency,
      clock: options.clock,
      subject: nodeSubject,
      injected: (code, call) => this.#error(code, call.op, call.paths),
    });
    this.#checks = options.inner === realFs ? undefined : memfsChecks(options.inner);
    this.#ghosts = new NodeGhostView(options.inner, options.delayUnlink, options.clock);
  }

  /** An asynchronous call (promise or callback form) of `op` with these arguments. */
  async<T>(
    op: NodeOp,
    args: unknown[],
    run: () => Promise<T>,
    partial?: PartialEffect<Promise<T>>,
  ): Promise<T> {
    const paths = this.pathsOf(op, args);
    const through =
      partial &&
      ((bytes: number, error: Error) =>
        this.#through(op, args, paths, () => partial(bytes, error)));
    return this.engine.run(
      op,
      paths,
      detailsOf(op, args),
      () => this.#through(op, args, paths, run),
      through,
    );
  }

  /** A synchronous call: the same rules, no pause and no latency. */
  sync<T>(op: NodeOp, args: unknown[], run: () => T, partial?: PartialEffect<T>): T {
    const paths = this.pathsOf(op, args);
    const through =
      partial &&
      ((bytes: number, error: Error) =>
        this.#through(op, args, paths, () => partial(bytes, error)));
    return this.engine.runSync(
      op,
      paths,
      detailsOf(op, args),
      () => this.#through(op, args, paths, run),
      through,
    );
  }

  /** The path (or a file descriptor's path) of each path argument of `op`. */
  pathsOf(op: NodeOp, args: unknown[]): string[] {
    const count = TWO_PATH_OPS.has(op) ? 2 : 1;
    return args.slice(0, count).map((arg) => this.pathOf(arg));
  }

  pathOf(arg: unknown): string {
    if (typeof arg === 'number') return this.fds.get(arg) ?? `<fd ${arg}>`;
    if (arg instanceof URL) return fileURLToPath(arg);
    return String(arg);
  }

  /** An error of `op` as Node would report it (fd functions name no path). */
  #error(code: string, op: NodeOp, paths: string[]): Error {
    if (FD_OPS.has(op)) return nodeError(code, NODE_SYSCALL[op]);
    return nodeError(code, NODE_SYSCALL[op], paths[0], TWO_PATH_OPS.has(op) ? paths[1] : undefined);
  }

  #through<T>(op: NodeOp, args: unknown[], paths: string[], run: () => T): T {
    if (this.#root !== undefined && !FD_OPS.has(op)) {
      const outside = paths.find((path) => !within(this.#root!, path));
      if (outside !== undefined) throw this.#error('EACCES', op, paths);
    }
    return this.#ghosts.around(op, args, paths, () => {
      this.#checks?.(op, args);
      return run();
    });
  }
}

function within(root: string, path: string): boolean {
  const absolute = resolve(path);
  return absolute === root || absolute.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/** What a history entry shows of a call besides its paths. */
function detailsOf(op: NodeOp, args: unknown[]): Record<string, unknown> {
  if (op === 'open') return args[1] === undefined ? {} : { flags: args[1] };
  if (op === 'writeFile' || op === 'appendFile' || op === 'write') {
    const data = args[1];
    if (typeof data === 'string') return { bytes: Buffer.byteLength(data) };
    if (ArrayBuffer.isView(data) && op === 'write' && typeof args[3] === 'number') {
      return { bytes: args[3] };
    }
    if (ArrayBuffer.isView(data)) return { bytes: data.byteLength };
  }
  return {};
}
