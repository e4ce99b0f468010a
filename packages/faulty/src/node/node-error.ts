import { errnoOf } from '../node-like-error.js';

/**
 * An error built as Node builds a failed system call's (`uvException`): a plain `Error` with
 * `errno`, `code`, `syscall`, and `path` and `dest` when the call had them, and the message
 * `CODE: description, syscall 'path' -> 'dest'`. Code that inspects any of these cannot tell it
 * from a real one; what injected it is in the facade's history, not in the message.
 */
export function nodeError(code: string, syscall: string, path?: string, dest?: string): Error {
  const known = errnoOf(code);
  let message = `${code}: ${known?.[1] ?? 'unknown error'}, ${syscall}`;
  if (path !== undefined) message += ` '${path}'`;
  if (dest !== undefined) message += ` -> '${dest}'`;
  const error = new Error(message) as NodeJS.ErrnoException;
  error.errno = known ? -known[0] : 0; // not -0 for an unknown code
  error.code = code;
  error.syscall = syscall;
  if (path !== undefined) error.path = path;
  if (dest !== undefined) (error as { dest?: string }).dest = dest;
  return error;
}

/** What a function the facade does not cover throws: loudly, naming it. */
export function notCovered(name: string): Error {
  const error = nodeError('ENOSYS', name);
  error.message += ` (fs.${name} is not covered by @linklock/faulty/node)`;
  return error;
}

/** Node's TypeError for a callback-API call without a callback. */
export function callbackMissing(received: unknown): TypeError {
  const error = new TypeError(
    `The "cb" argument must be of type function. Received ${describeValue(received)}`,
  ) as TypeError & { code: string };
  error.code = 'ERR_INVALID_ARG_TYPE';
  return error;
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  return `type ${typeof value} (${String(value).slice(0, 25)})`;
}
