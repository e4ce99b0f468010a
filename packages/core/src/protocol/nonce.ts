import type { LockContext } from './context.js';

/** The longest nonce accepted: it bounds the length of every file name that carries one. */
export const NONCE_MAX_LENGTH = 64;
const NONCE_PATTERN = new RegExp(`^[A-Za-z0-9_-]{8,${NONCE_MAX_LENGTH}}$`);

/** A fresh nonce from the injected `Random`, checked: it becomes part of file names. */
export function newNonce(context: LockContext): string {
  const nonce = context.options.random.nonce();
  if (!NONCE_PATTERN.test(nonce)) {
    throw new TypeError(
      `Random.nonce() must return 8-${NONCE_MAX_LENGTH} characters of [A-Za-z0-9_-], got '${nonce}'`,
    );
  }
  return nonce;
}
