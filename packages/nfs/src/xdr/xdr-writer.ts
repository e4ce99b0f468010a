/**
 * Encodes XDR (RFC 4506): big-endian 4-byte units, variable-length data prefixed by its length
 * and padded to a multiple of four bytes.
 */
export class XdrWriter {
  #buffer: Buffer;
  #length = 0;

  constructor(initialBytes = 256) {
    this.#buffer = Buffer.alloc(initialBytes);
  }

  uint32(value: number): this {
    this.#reserve(4).writeUInt32BE(value >>> 0, this.#length - 4);
    return this;
  }

  int32(value: number): this {
    this.#reserve(4).writeInt32BE(value | 0, this.#length - 4);
    return this;
  }

  /** An unsigned hyper: a safe integer or a bigint. */
  uint64(value: number | bigint): this {
    this.#reserve(8).writeBigUInt64BE(BigInt(value), this.#length - 8);
    return this;
  }

  bool(value: boolean): this {
    return this.uint32(value ? 1 : 0);
  }

  /** Fixed-length opaque data: exactly `bytes.length` bytes, padded. */
  fixedOpaque(bytes: Uint8Array): this {
    const padded = (bytes.length + 3) & ~3;
    const buffer = this.#reserve(padded);
    buffer.set(bytes, this.#length - padded);
    buffer.fill(0, this.#length - padded + bytes.length, this.#length);
    return this;
  }

  /** Variable-length opaque data: the length, then the bytes, padded. */
  opaque(bytes: Uint8Array): this {
    return this.uint32(bytes.length).fixedOpaque(bytes);
  }

  string(value: string): this {
    return this.opaque(Buffer.from(value, 'utf8'));
  }

  /** The bytes written so far (a view, valid until the next write). */
  bytes(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  #reserve(bytes: number): Buffer {
    const needed = this.#length + bytes;
    if (needed > this.#buffer.length) {
      const grown = Buffer.alloc(Math.max(needed, this.#buffer.length * 2));
      this.#buffer.copy(grown, 0, 0, this.#length);
      this.#buffer = grown;
    }
    this.#length = needed;
    return this.#buffer;
  }
}
