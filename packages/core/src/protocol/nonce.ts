import type { LockContext } from './context.js';

const NONCE_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** A fresh nonce from the injected `Random`, checked: it becomes part of file names. */
export function newNonce(context: LockContext): string {
  const nonce = context.options.random.nonce();
  if (!NONCE_PATTERN.test(nonce)) {
    throw new TypeError(
      `Random.nonce() must return 8-64 characters of [A-Za-z0-9_-], got '${nonce}'`,
    );
  }
  return nonce;
}
