import type { AnyFunction, InnerFs } from './core.js';
import { nodeError } from './node-error.js';
import type { NodeOp } from './ops.js';

/**
 * What a `partial` rule does to each writing function (see `NodeFaultRule.partial`): the first
 * bytes of the data reach the file, then the call fails as Node's does when the disk fills up.
 * The part is written through the inner filesystem's synchronous functions, which every form
 * can use.
 */

/**
 * The partial effect of a writing function called with `args` (the fd or path first), done
 * with the inner synchronous functions: `write` answers its byte count. Other functions have
 * none.
 */
export function partialFor(inner: InnerFs, op: NodeOp, args: unknown[]) {
  if (op === 'writeFile') return partialWholeFile((...a) => inner.writeFileSync!(...a), args);
  if (op === 'appendFile') return partialWholeFile((...a) => inner.appendFileSync!(...a), args);
  if (op !== 'write') return undefined;
  return shortWrite(args.slice(1), (data, position): number =>
    inner.writeSync!(args[0], data, 0, data.byteLength, position),
  );
}

/** `writeFile(file, data, options)` and `appendFile(...)`: a prefix is written, then the error. */
export function partialWholeFile(write: AnyFunction, args: unknown[]) {
  return (bytes: number, error: Error): never => {
    const [file, data, options] = args;
    write(file, prefix(data, bytes, encodingOf(options)), options);
    throw writeError(error);
  };
}

/** The arguments of `write(fd, ...)` after the fd, as one buffer slice and a position. */
export interface WriteArgs {
  data: Uint8Array;
  position: number | null | undefined;
}

/**
 * `write(fd, buffer, offset?, length?, position?)`, `write(fd, buffer, { offset, length,
 * position })` and `write(fd, string, position?, encoding?)`, read as what they would write.
 */
export function writeArgs(rest: unknown[]): WriteArgs {
  const [data, second, third, fourth] = rest;
  if (typeof data === 'string') {
    return {
      data: Buffer.from(data, (fourth as BufferEncoding) ?? 'utf8'),
      position: second as number,
    };
  }
  const view = data as ArrayBufferView;
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const options =
    typeof second === 'object' && second !== null ? (second as Record<string, number>) : undefined;
  const offset = options?.offset ?? (second as number | undefined) ?? 0;
  const length = options?.length ?? (third as number | undefined) ?? bytes.byteLength - offset;
  const position = options ? options.position : (fourth as number | null | undefined);
  return { data: bytes.subarray(offset, offset + length), position };
}

/**
 * One write(2) on a disk with `bytes` left: a short count when some fit (no error: that is how
 * the kernel reports it), the error when none does. `writeSome(data, position)` writes a slice.
 */
export function shortWrite<T>(
  rest: unknown[],
  writeSome: (data: Uint8Array, position: WriteArgs['position']) => T,
) {
  return (bytes: number, error: Error): T => {
    const { data, position } = writeArgs(rest);
    if (bytes === 0 || data.byteLength === 0) throw writeError(error);
    return writeSome(data.subarray(0, Math.min(bytes, data.byteLength)), position);
  };
}

/** The first `bytes` bytes of `data` (a string in `encoding`, or bytes). */
export function prefix(data: unknown, bytes: number, encoding: BufferEncoding): Buffer {
  if (typeof data === 'string') return Buffer.from(data, encoding).subarray(0, bytes);
  const view = data as ArrayBufferView;
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).subarray(0, bytes);
}

export function encodingOf(options: unknown): BufferEncoding {
  if (typeof options === 'string') return options as BufferEncoding;
  return ((options as { encoding?: BufferEncoding } | undefined)?.encoding ??
    'utf8') as BufferEncoding;
}

/** A full disk seen by the write that ran out of room: syscall `write`, no path (as in Node). */
function writeError(error: Error): Error {
  return nodeError((error as { code?: string }).code ?? 'EIO', 'write');
}
