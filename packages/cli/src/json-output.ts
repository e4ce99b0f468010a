import { UsageError } from './usage-error.js';

/** Where a failing command's lock target is noted on its error (the name the user gave). */
const TARGET = Symbol('linklock.cli.target');

/** The JSON a command given `--json` prints when it fails: `{ error: { code, message }, ... }`. */
export interface ErrorDocument {
  error: { code: string; message: string };
  /** The lock the command was working on, as the user named it, when it had got that far. */
  lockfile?: string;
}

/** Notes on `error` the lock target it concerns, for {@link errorDocument}; returns it. */
export function aboutTarget(error: unknown, name: string): unknown {
  if (typeof error === 'object' && error !== null && !(TARGET in error)) {
    Object.defineProperty(error, TARGET, { value: name });
  }
  return error;
}

/**
 * What `--json` prints for an error: its code (EUSAGE for a command line that cannot run, the
 * errno or lock error code otherwise, EFAILED when it has none) and its message, one line.
 */
export function errorDocument(error: unknown): ErrorDocument {
  const given = (error as { code?: unknown })?.code;
  const code =
    error instanceof UsageError ? 'EUSAGE' : typeof given === 'string' ? given : 'EFAILED';
  const message = (error instanceof Error ? error.message : String(error)).replace(
    /\s*\n\s*/g,
    ' ',
  );
  const target = (error as { [TARGET]?: string })?.[TARGET];
  return { error: { code, message }, ...(target === undefined ? {} : { lockfile: target }) };
}
