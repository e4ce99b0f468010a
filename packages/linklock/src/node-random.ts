import { getRandomValues, randomBytes } from 'node:crypto';
import type { Random } from '@linklock/core';

const TWO_POW_21 = 2 ** 21;
const TWO_POW_53 = 2 ** 53;

/** Randomness from `node:crypto`: jitter and the nonces that make claim file names unique. */
export const nodeRandom: Random = {
  /** A uniformly distributed number in [0, 1) with 53 random bits. */
  next(): number {
    const words = getRandomValues(new Uint32Array(2));
    const high = words[0] ?? 0;
    const low = words[1] ?? 0;
    return (high * TWO_POW_21 + (low >>> 11)) / TWO_POW_53;
  },

  /** 128 random bits as 22 characters of base64url: `[A-Za-z0-9_-]` only, no dots, no padding. */
  nonce(): string {
    return randomBytes(16).toString('base64url');
  },
};
