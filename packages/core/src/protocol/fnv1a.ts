const utf8 = new TextEncoder();

const OFFSET_BASIS = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;

/**
 * The 64-bit FNV-1a hash of a string's UTF-8 bytes, as 16 lowercase hex digits. Tiny and the
 * same on every runtime (no `node:crypto` here: the core runs in browsers and workers too), which
 * matters because every process must derive the same file name from the same lock name.
 */
export function fnv1a64(text: string): string {
  let hash = OFFSET_BASIS;
  for (const byte of utf8.encode(text)) {
    hash = ((hash ^ BigInt(byte)) * PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, '0');
}
