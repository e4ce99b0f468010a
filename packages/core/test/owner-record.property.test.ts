// The owner record decides who holds a lock: what the lock writes must read back as written,
// and no other byte string may ever pass for one (docs/protocol.md, "The owner record").
// Property-based (fast-check): a failure prints its seed and shrinks to a small counterexample.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/contracts/clock.js';
import type { FileRead, FsAdapter, FsStats } from '../src/contracts/fs-adapter.js';
import type { HostIdentity } from '../src/contracts/host-identity.js';
import { FsError } from '../src/errors/fs-error.js';
import { checkLockfile, resolveOptions } from '../src/options.js';
import { blankRecord } from '../src/protocol/blank-record.js';
import { createLockContext, type LockContext } from '../src/protocol/context.js';
import { inspect } from '../src/protocol/inspect.js';
import {
  encodeRecord,
  MAX_FIXED,
  MAX_RECORD_BYTES,
  type OwnerRecord,
  oneLine,
  parseRecord,
  RECORD_TAIL_LENGTH,
} from '../src/protocol/owner-record.js';

const utf8 = new TextEncoder();

/** A lock file's name, any that `new Lock()` accepts. */
const lockBasename = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 40 })
  .filter((name) => !name.includes('/') && accepted(`/locks/${name}`));

/** A host as a `HostIdentity` may describe it (`nodeIdentity` gives DNS names, UUIDs, `pid:[n]`). */
const identity = fc.record<HostIdentity>(
  {
    hostname: fc.oneof(fc.domain(), fc.string({ unit: 'binary', minLength: 1, maxLength: 30 })),
    pid: fc.oneof(fc.integer({ min: 0, max: 4_194_304 }), fc.maxSafeNat()),
    bootId: fc.option(fc.oneof(fc.uuid(), fc.string({ maxLength: 20 })), { nil: undefined }),
    pidNamespace: fc.option(
      fc.oneof(
        fc.nat().map((n) => `pid:[${n}]`),
        fc.string({ maxLength: 20 }),
      ),
      { nil: undefined },
    ),
  },
  { requiredKeys: ['hostname', 'pid'] },
);

const nonce = fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/);

/** Every record the lock writes: `blankRecord` of some lock and host, then a token and an expiry. */
const writtenRecord = fc
  .record({
    lock: lockBasename,
    identity,
    nonce,
    timeSource: fc.constantFrom('filesystem' as const, 'local' as const),
    token: fc.maxSafeNat(),
    // now + lifetime: any positive finite lifetime is accepted, and clocks give fractions
    expiresAt: fc.oneof(fc.maxSafeNat(), fc.double({ min: 0, max: 1e20, noNaN: true })),
  })
  .map(({ lock, identity, nonce, timeSource, token, expiresAt }) => ({
    ...blankRecord(contextFor(`/locks/${lock}`, identity), nonce, timeSource),
    token,
    expiresAt,
  }));

describe('the owner record (property-based)', () => {
  it('every record the lock writes reads back equal, through UTF-8, with its tail where a refresh rewrites it', () => {
    fc.assert(
      fc.property(writtenRecord, (record) => {
        const bytes = utf8.encode(encodeRecord(record));
        const text = Buffer.from(bytes).toString('utf8');
        expect(parseRecord(text)).toEqual(asWritten(record));
        expect(text.slice(-RECORD_TAIL_LENGTH)).toMatch(/^token \d{16}\nexpires \d{16}\n$/);
        expect(bytes.length).toBeLessThanOrEqual(MAX_RECORD_BYTES);
      }),
      { numRuns: 2_000 },
    );
  });

  it('a record cut short, grown past the size limit, of another version or prefixed is never taken for one', async () => {
    await fc.assert(
      fc.asyncProperty(writtenRecord, notARecord, async (record, mangle) => {
        const data = mangle(encodeRecord(record));
        expect(parseRecord(Buffer.from(data).toString('utf8'))).toBeUndefined();
        const found = await inspectBytes(data);
        expect(found.kind).toBe('foreign');
      }),
      { numRuns: 300 },
    );
  });

  it('no byte string crashes the reader; what it accepts starts as a record and ends with a line', async () => {
    await fc.assert(
      fc.asyncProperty(anyBytes, async (data) => {
        const text = Buffer.from(data).toString('utf8');
        const parsed = parseRecord(text);
        if (parsed !== undefined) expect(text).toMatch(/^linklock 1\n[\s\S]*\n$/);
        const found = await inspectBytes(data);
        expect(['record', 'foreign']).toContain(found.kind);
        if (found.kind === 'record') expect(found.record).toEqual(parsed);
      }),
      { numRuns: 500 },
    );
  });

  it('a number field reads as Number() reads its digits: 1 to 16 of them, nothing else', () => {
    const number = fc.oneof(
      fc.stringMatching(/^\d{1,16}$/),
      fc.bigInt({ min: 2n ** 53n - 8n, max: 10n ** 16n - 1n }).map(String),
      fc.string({ maxLength: 18 }),
    );
    const template = encodeRecord({
      hostname: 'h',
      pid: 1,
      bootId: undefined,
      pidNamespace: undefined,
      timeSource: 'local',
      claim: 'c',
      nonce: 'n',
      token: 0,
      expiresAt: 0,
    });
    fc.assert(
      fc.property(number, (digits) => {
        const text = template.replace(/\nexpires \d+\n$/, () => `\nexpires ${digits}\n`);
        const valid = /^\d{1,16}$/.test(digits);
        expect(parseRecord(text)?.expiresAt).toBe(valid ? Number(digits) : undefined);
      }),
      { numRuns: 500 },
    );
  });
});

function accepted(lockfile: string): boolean {
  try {
    checkLockfile(lockfile);
    return true;
  } catch {
    return false;
  }
}

/**
 * What a written record reads back as: its text fields on one line, optional ones `-` when
 * empty, its expiry in whole milliseconds and at most {@link MAX_FIXED} (some 285,000 years).
 */
function asWritten(record: OwnerRecord): OwnerRecord {
  const optional = (text: string | undefined) =>
    text === undefined || text === '' || oneLine(text) === '-' ? undefined : oneLine(text);
  return {
    ...record,
    hostname: oneLine(record.hostname),
    bootId: optional(record.bootId),
    pidNamespace: optional(record.pidNamespace),
    expiresAt: Math.min(Math.round(record.expiresAt), MAX_FIXED),
  };
}

/** Ways to damage an encoded record so that it is no longer one. */
type Damage = (text: string) => Uint8Array;
const notARecord = fc.oneof<fc.Arbitrary<Damage>[]>(
  // cut short anywhere, even at a line's end (a read clipped at a cached size, H17)
  fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }).map((at) => (text) => {
    const bytes = utf8.encode(text);
    return bytes.slice(0, Math.floor(at * bytes.length));
  }),
  // grown past the size limit (H16)
  fc
    .integer({ min: 1, max: 2 * MAX_RECORD_BYTES })
    .map((extra) => (text) => utf8.encode(`${text}${'x'.repeat(MAX_RECORD_BYTES + extra)}\n`)),
  // another version of the format
  fc
    .string({ minLength: 1, maxLength: 6 })
    .filter((version) => version !== '1')
    .map(
      (version) => (text) => utf8.encode(text.replace(/^linklock 1\n/, `linklock ${version}\n`)),
    ),
  // a record preceded by anything
  fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((prefix) => (text) => new Uint8Array([...prefix, ...utf8.encode(text)])),
);

/** Bytes of every kind: binary, text, records and their pieces, sizes around the limit. */
const anyBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 256 }),
  fc.string({ unit: 'binary', maxLength: 256 }).map((text) => utf8.encode(text)),
  fc
    .array(
      fc.oneof(
        fc.constantFrom('linklock 1', 'host h', 'pid 1', 'boot -', 'pidns -', 'time local'),
        fc.constantFrom(
          'claim c',
          'nonce n',
          `token ${'0'.repeat(16)}`,
          `expires ${'9'.repeat(16)}`,
        ),
        fc.string({ maxLength: 12 }),
      ),
      { maxLength: 14 },
    )
    .map((lines) => utf8.encode(lines.map((line) => `${line}\n`).join(''))),
  fc
    .integer({ min: MAX_RECORD_BYTES - 2, max: MAX_RECORD_BYTES + 2 })
    .map((size) => new Uint8Array(size).fill(10)),
);

/** What `inspect` makes of `data` at the lock path: read on a clock that never really waits. */
async function inspectBytes(data: Uint8Array): Promise<Awaited<ReturnType<typeof inspect>>> {
  const context = contextFor('/locks/jobs.lock', { hostname: 'reader', pid: 1 }, data);
  return inspect(context, '/locks/jobs.lock');
}

function contextFor(
  lockfile: string,
  identity: HostIdentity,
  data: Uint8Array = new Uint8Array(),
): LockContext {
  const options = resolveOptions({
    fs: new OneFileFs(lockfile, data),
    clock: new InstantClock(),
    random: { next: () => 0.5, nonce: () => 'nonce-of-the-reader' },
    identity,
  });
  return createLockContext(lockfile, options);
}

/** Time that passes only when slept on, at once: inspect's re-reads of a short record cost nothing. */
class InstantClock implements Clock {
  #now = 1_750_000_000_000;
  now(): number {
    return this.#now;
  }
  async sleep(ms: number): Promise<void> {
    this.#now += ms;
  }
}

/** A directory with one file, read as the contract reads: bounded in bytes, decoded as UTF-8. */
class OneFileFs implements FsAdapter {
  readonly capabilities = {
    hardLinks: true,
    reliableNlink: true,
    reliableIno: true,
    mtimeResolutionMs: 1,
    watchSeesOtherHosts: true,
  };
  readonly #path: string;
  readonly #data: Uint8Array;

  constructor(path: string, data: Uint8Array) {
    this.#path = path;
    this.#data = data;
  }

  async read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    if (path !== this.#path) throw new FsError('ENOENT', { syscall: 'open', path });
    if (this.#data.length > options.maxBytes) throw new FsError('EFBIG', { syscall: 'read', path });
    return { data: Buffer.from(this.#data).toString('utf8'), stats: this.#stats() };
  }

  async stat(path: string): Promise<FsStats> {
    if (path !== this.#path) throw new FsError('ENOENT', { syscall: 'lstat', path });
    return this.#stats();
  }

  async writeFile(path: string): Promise<void> {
    throw new FsError('EROFS', { syscall: 'open', path });
  }
  async writeAt(path: string): Promise<void> {
    throw new FsError('EROFS', { syscall: 'write', path });
  }
  async link(path: string): Promise<void> {
    throw new FsError('EROFS', { syscall: 'link', path });
  }
  async unlink(path: string): Promise<void> {
    throw new FsError('EROFS', { syscall: 'unlink', path });
  }
  async rename(path: string): Promise<void> {
    throw new FsError('EROFS', { syscall: 'rename', path });
  }
  async readdir(): Promise<string[]> {
    return [this.#path.slice(this.#path.lastIndexOf('/') + 1)];
  }

  #stats(): FsStats {
    return {
      ino: 1,
      nlink: 1,
      mtimeMs: 1_750_000_000_000,
      size: this.#data.length,
      isFile: () => true,
      isDirectory: () => false,
      isSymbolicLink: () => false,
    };
  }
}
