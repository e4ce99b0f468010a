/**
 * RPC record marking over a byte stream (RFC 5531, section 11): a record is one or more
 * fragments, each behind a 4-byte header whose high bit marks the last fragment and whose low
 * 31 bits give its length.
 */

const LAST_FRAGMENT = 0x8000_0000;
const MAX_FRAGMENT_BYTES = 0x7fff_ffff;

/** Frames one record as a single, last fragment. */
export function frameRecord(record: Uint8Array): Buffer {
  if (record.length > MAX_FRAGMENT_BYTES) throw new RangeError('RPC record too large');
  const framed = Buffer.allocUnsafe(4 + record.length);
  framed.writeUInt32BE((LAST_FRAGMENT | record.length) >>> 0, 0);
  framed.set(record, 4);
  return framed;
}

/** The stream carried something that is not record-marked RPC (or a record over the limit). */
export class RecordFramingError extends Error {
  override name = 'RecordFramingError';
}

/**
 * Reassembles records from the chunks a socket delivers, in any split. Records larger than
 * `maxRecordBytes` are refused: a server speaking another protocol would otherwise make the
 * reader wait for gigabytes that never come.
 */
export class RecordDecoder {
  readonly #maxRecordBytes: number;
  #pending: Buffer = Buffer.alloc(0);
  #fragments: Buffer[] = [];
  #recordBytes = 0;

  constructor(maxRecordBytes: number) {
    this.#maxRecordBytes = maxRecordBytes;
  }

  /** Whether part of a record has arrived and the rest has not (a cut here loses a reply). */
  get midRecord(): boolean {
    return this.#pending.length > 0 || this.#fragments.length > 0;
  }

  /** Feeds a chunk; returns the records it completed. Throws {@link RecordFramingError}. */
  push(chunk: Buffer): Buffer[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const records: Buffer[] = [];
    while (this.#pending.length >= 4) {
      const header = this.#pending.readUInt32BE(0);
      const length = header & MAX_FRAGMENT_BYTES;
      if (this.#recordBytes + length > this.#maxRecordBytes) {
        throw new RecordFramingError(
          `a record of more than ${this.#maxRecordBytes} bytes (fragment header 0x${header.toString(16).padStart(8, '0')})`,
        );
      }
      if (this.#pending.length < 4 + length) break;
      this.#fragments.push(this.#pending.subarray(4, 4 + length));
      this.#recordBytes += length;
      this.#pending = this.#pending.subarray(4 + length);
      if ((header & LAST_FRAGMENT) !== 0) {
        records.push(
          this.#fragments.length === 1 ? this.#fragments[0]! : Buffer.concat(this.#fragments),
        );
        this.#fragments = [];
        this.#recordBytes = 0;
      }
    }
    return records;
  }
}
