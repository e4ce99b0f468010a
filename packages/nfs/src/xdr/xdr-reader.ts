/** A reply that does not decode as the XDR it should be: the server spoke garbage. */
export class XdrDecodeError extends Error {
  override name = 'XdrDecodeError';
}

/**
 * Decodes XDR (RFC 4506). Every read is bounds-checked: a short or malformed message throws
 * {@link XdrDecodeError}, never reads past the end.
 */
export class XdrReader {
  readonly #buffer: Buffer;
  #offset: number;

  constructor(buffer: Buffer, offset = 0) {
    this.#buffer = buffer;
    this.#offset = offset;
  }

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.#buffer.length - this.#offset;
  }

  uint32(): number {
    return this.#take(4).readUInt32BE(0);
  }

  /** The next unsigned int, without moving past it. */
  peekUint32(): number {
    if (this.remaining < 4) throw new XdrDecodeError('message ends before the next word');
    return this.#buffer.readUInt32BE(this.#offset);
  }

  int32(): number {
    return this.#take(4).readInt32BE(0);
  }

  uint64(): bigint {
    return this.#take(8).readBigUInt64BE(0);
  }

  /** An unsigned hyper as a number (exact up to 2^53, which sizes and offsets stay below). */
  uint64Number(): number {
    return Number(this.uint64());
  }

  bool(): boolean {
    const value = this.uint32();
    if (value > 1) throw new XdrDecodeError(`expected a boolean, got ${value}`);
    return value === 1;
  }

  fixedOpaque(length: number): Buffer {
    const padded = (length + 3) & ~3;
    return this.#take(padded).subarray(0, length);
  }

  /** Variable-length opaque data of at most `maxBytes` bytes. */
  opaque(maxBytes = Number.MAX_SAFE_INTEGER): Buffer {
    const length = this.uint32();
    if (length > maxBytes) throw new XdrDecodeError(`opaque of ${length} bytes, limit ${maxBytes}`);
    return this.fixedOpaque(length);
  }

  string(maxBytes?: number): string {
    return this.opaque(maxBytes).toString('utf8');
  }

  /** An XDR optional (`*T`): a boolean, then the value when it is true. */
  optional<T>(read: (reader: this) => T): T | undefined {
    return this.bool() ? read(this) : undefined;
  }

  #take(bytes: number): Buffer {
    if (this.#offset + bytes > this.#buffer.length) {
      throw new XdrDecodeError(
        `message ends after ${this.#buffer.length} bytes, needed ${this.#offset + bytes}`,
      );
    }
    const slice = this.#buffer.subarray(this.#offset, this.#offset + bytes);
    this.#offset += bytes;
    return slice;
  }
}
