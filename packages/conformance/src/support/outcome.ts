import { errorCode } from '@linklock/core';

/**
 * How a call ended, as one comparable string: `'resolved'`, or the error's `code` (`'EEXIST'`),
 * or a description of an error without one. Comparing this with the expected code gives a
 * failure message that shows what happened instead ("expected 'resolved' to be 'EEXIST'").
 */
export async function outcomeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'resolved';
  } catch (error) {
    return errorCode(error) ?? `an error without a code (${String(error)})`;
  }
}

/** The error a call rejected with, or `undefined` when it resolved. */
export async function rejectionOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return error;
  }
}

/** The `path` an error names, if any. */
export function errorPath(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'path' in error
    ? (error as { path: unknown }).path
    : undefined;
}
