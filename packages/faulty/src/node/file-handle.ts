import type { AnyFunction, NodeCore } from './core.js';
import { nodeError } from './node-error.js';
import type { NodeOp } from './ops.js';
import { encodingOf, prefix, shortWrite } from './partial-writes.js';

/**
 * A `FileHandle` of the promise API: each method is the fd function it stands for
 * (`sync()` is `fsync`, `stat()` is `fstat`, `truncate()` is `ftruncate`, `utimes()` is
 * `futimes`, `chmod()` is `fchmod`), matched and recorded with the path the handle was opened
 * with. The inner filesystem's handle does the work.
 */
type InnerHandle = Record<string, AnyFunction> & { fd: number };

export class FaultyFileHandle {
  readonly fd: number;
  readonly #core: NodeCore;
  readonly #inner: InnerHandle;

  constructor(core: NodeCore, inner: object, path: string) {
    this.#core = core;
    this.#inner = inner as InnerHandle;
    this.fd = this.#inner.fd;
    core.fds.set(this.fd, path);
  }

  read(...args: unknown[]): Promise<unknown> {
    return this.#call('read', 'read', args);
  }

  write(...args: unknown[]): Promise<unknown> {
    const short = shortWrite(args, async (data, position) => {
      const { bytesWritten } = await this.#inner.write!(data, 0, data.byteLength, position);
      return { bytesWritten, buffer: args[0] };
    });
    return this.#call('write', 'write', args, short);
  }

  sync(): Promise<void> {
    return this.#call('fsync', 'sync', []) as Promise<void>;
  }

  datasync(): Promise<void> {
    return this.#call('fdatasync', 'datasync', []) as Promise<void>;
  }

  stat(...args: unknown[]): Promise<unknown> {
    return this.#call('fstat', 'stat', args);
  }

  truncate(...args: unknown[]): Promise<void> {
    return this.#call('ftruncate', 'truncate', args) as Promise<void>;
  }

  utimes(...args: unknown[]): Promise<void> {
    return this.#call('futimes', 'utimes', args) as Promise<void>;
  }

  chmod(...args: unknown[]): Promise<void> {
    return this.#call('fchmod', 'chmod', args) as Promise<void>;
  }

  readFile(...args: unknown[]): Promise<unknown> {
    return this.#call('readFile', 'readFile', args);
  }

  writeFile(data: unknown, options?: unknown): Promise<void> {
    return this.#call(
      'writeFile',
      'writeFile',
      [data, options],
      this.#partial('writeFile', data, options),
    ) as Promise<void>;
  }

  appendFile(data: unknown, options?: unknown): Promise<void> {
    return this.#call(
      'appendFile',
      'appendFile',
      [data, options],
      this.#partial('appendFile', data, options),
    ) as Promise<void>;
  }

  async close(): Promise<void> {
    await this.#call('close', 'close', []);
    this.#core.fds.delete(this.fd);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #call(
    op: NodeOp,
    method: string,
    args: unknown[],
    partial?: (bytes: number, error: Error) => Promise<unknown>,
  ): Promise<unknown> {
    return this.#core.async(op, [this.fd, ...args], () => this.#inner[method]!(...args), partial);
  }

  /** A whole-file write that gets `bytes` of its data to disk, then fails (a full disk). */
  #partial(method: string, data: unknown, options: unknown) {
    return async (bytes: number, error: Error): Promise<never> => {
      await this.#inner[method]!(prefix(data, bytes, encodingOf(options)), options);
      throw nodeError((error as { code?: string }).code ?? 'EIO', 'write');
    };
  }
}
