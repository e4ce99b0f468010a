import { getRandomValues, randomFillSync } from 'node:crypto';
import type { Random } from '@linklock/core';

const TWO_POW_21 = 2 ** 21;
const TWO_POW_53 = 2 ** 53;
const NONCE_BYTES = 16;
/** Random bytes are drawn this many nonces at a time: one call serves 256 acquisitions. */
const POOL_BYTES = NONCE_BYTES * 256;

const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

/** Where the next `NONCE_BYTES` unused bytes of the pool start, refilled when spent (never reused). */
function nonceOffset(): number {
  if (poolOffset + NONCE_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const offset = poolOffset;
  poolOffset += NONCE_BYTES;
  return offset;
}

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
    const offset = nonceOffset();
    return pool.toString('base64url', offset, offset + NONCE_BYTES);
  },
};
