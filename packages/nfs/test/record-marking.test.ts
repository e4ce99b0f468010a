import { describe, expect, it } from 'vitest';
import { frameRecord, RecordDecoder, RecordFramingError } from '../src/rpc/record-marking.js';

function fragment(bytes: number[], last: boolean): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(((last ? 0x8000_0000 : 0) | bytes.length) >>> 0);
  return Buffer.concat([header, Buffer.from(bytes)]);
}

describe('RPC record marking (RFC 5531, section 11)', () => {
  it('frames a record as one last fragment', () => {
    expect([...frameRecord(Buffer.from([1, 2, 3]))]).toEqual([0x80, 0, 0, 3, 1, 2, 3]);
  });

  it('reassembles records split anywhere, and several in one chunk', () => {
    const stream = Buffer.concat([
      frameRecord(Buffer.from('first')),
      frameRecord(Buffer.from('second')),
    ]);
    for (let cut = 1; cut < stream.length; cut += 1) {
      const decoder = new RecordDecoder(1024);
      const records = [
        ...decoder.push(stream.subarray(0, cut)),
        ...decoder.push(stream.subarray(cut)),
      ];
      expect(records.map(String)).toEqual(['first', 'second']);
      expect(decoder.midRecord).toBe(false);
    }
  });

  it('joins the fragments of one record', () => {
    const decoder = new RecordDecoder(1024);
    expect(decoder.push(fragment([1, 2], false))).toEqual([]);
    expect(decoder.midRecord).toBe(true);
    expect(decoder.push(fragment([3], true)).map((record) => [...record])).toEqual([[1, 2, 3]]);
  });

  it('refuses a record over the limit as soon as its header says so', () => {
    const decoder = new RecordDecoder(16);
    // "HTTP" read as a fragment header: 0x48545450 bytes.
    expect(() => decoder.push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toThrow(
      RecordFramingError,
    );
    const fragments = new RecordDecoder(16);
    fragments.push(fragment(Array(10).fill(0), false));
    expect(() => fragments.push(fragment(Array(10).fill(0), true))).toThrow(/more than 16 bytes/);
  });
});
