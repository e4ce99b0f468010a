import type { AnyFunction } from './core.js';
import { realFs } from './real-modules.js';

/**
 * `createReadStream` and `createWriteStream`: Node's own streams, given the facade's callback
 * `open`, `read`, `write` and `close` as their `fs` option, so every chunk is a call the rules
 * see (`open`, then `read` or `write` per chunk, then `close`).
 */
export function streamApi(callbacks: Record<string, AnyFunction>): Record<string, AnyFunction> {
  const fs = {
    open: callbacks.open!,
    read: callbacks.read!,
    write: callbacks.write!,
    close: callbacks.close!,
  };
  return {
    createReadStream: (path: unknown, options?: unknown) =>
      realFs.createReadStream(path as string, { ...streamOptions(options), fs }),
    createWriteStream: (path: unknown, options?: unknown) =>
      realFs.createWriteStream(path as string, { ...streamOptions(options), fs }),
  };
}

function streamOptions(options: unknown): object {
  if (typeof options === 'string') return { encoding: options };
  return (options as object | undefined) ?? {};
}
