import { describe, expect, it } from 'vitest';
import { XdrDecodeError, XdrReader } from '../src/xdr/xdr-reader.js';
import { XdrWriter } from '../src/xdr/xdr-writer.js';

describe('XDR (RFC 4506)', () => {
  it('writes big-endian words, hypers and padded opaque data that read back', () => {
    const bytes = new XdrWriter(4)
      .uint32(0xdeadbeef)
      .int32(-2)
      .uint64(2n ** 40n + 7n)
      .bool(true)
      .string('héllo')
      .opaque(Buffer.from([1, 2, 3]))
      .bytes();
    // 4 + 4 + 8 + 4 + (4 + 6 padded to 8) + (4 + 3 padded to 4)
    expect(bytes.length).toBe(4 + 4 + 8 + 4 + 12 + 8);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    const reader = new XdrReader(bytes);
    expect(reader.uint32()).toBe(0xdeadbeef);
    expect(reader.int32()).toBe(-2);
    expect(reader.uint64()).toBe(2n ** 40n + 7n);
    expect(reader.bool()).toBe(true);
    expect(reader.string()).toBe('héllo');
    expect([...reader.opaque()]).toEqual([1, 2, 3]);
    expect(reader.remaining).toBe(0);
  });

  it('pads with zero bytes', () => {
    expect([...new XdrWriter().fixedOpaque(Buffer.from([9])).bytes()]).toEqual([9, 0, 0, 0]);
  });

  it('refuses to read past the end, an over-long opaque and a boolean that is not 0 or 1', () => {
    expect(() => new XdrReader(Buffer.from([0, 0, 0])).uint32()).toThrow(XdrDecodeError);
    const long = new XdrWriter().uint32(100).bytes();
    expect(() => new XdrReader(long).opaque()).toThrow(/needed/);
    expect(() =>
      new XdrReader(new XdrWriter().opaque(Buffer.alloc(70)).bytes()).opaque(64),
    ).toThrow(/opaque of 70 bytes, limit 64/);
    expect(() => new XdrReader(new XdrWriter().uint32(2).bytes()).bool()).toThrow(/boolean/);
  });

  it('reads optionals and peeks without moving', () => {
    const reader = new XdrReader(new XdrWriter().bool(true).uint32(5).bool(false).bytes());
    expect(reader.peekUint32()).toBe(1);
    expect(reader.optional((r) => r.uint32())).toBe(5);
    expect(reader.optional((r) => r.uint32())).toBeUndefined();
  });
});
