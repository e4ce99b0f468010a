import { describe, expect, it } from 'vitest';
import { fnv1a64 } from '../src/protocol/fnv1a.js';
import { LONGEST_SUFFIX_BYTES, LockNames } from '../src/protocol/lock-names.js';
import { NONCE_MAX_LENGTH } from '../src/protocol/nonce.js';

const utf8 = new TextEncoder();
const bytes = (name: string) => utf8.encode(name).length;
const basenameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The longest host part, pid, nonce and count a name can carry. */
const LONG_HOST = `${'h'.repeat(40)}.example.com`;
const MAX_PID = Number.MAX_SAFE_INTEGER;
const LONG_NONCE = 'n'.repeat(NONCE_MAX_LENGTH);
const MAX_COUNT = Number.MAX_SAFE_INTEGER;

/** Every name a lock derives, each with the longest values its parts can take. */
function everyName(names: LockNames): string[] {
  const slot = names.slot(4_095);
  return [
    names.claimBasename(LONG_HOST, MAX_PID, LONG_NONCE),
    names.readerClaimBasename(LONG_HOST, MAX_PID, LONG_NONCE),
    basenameOf(names.claim(LONG_HOST, MAX_PID, LONG_NONCE)),
    basenameOf(names.tombstone(LONG_HOST, MAX_PID, LONG_NONCE, MAX_COUNT)),
    basenameOf(names.guard),
    basenameOf(names.fenceCounter),
    basenameOf(names.fenceWitness(10 ** 16 - 1)),
    basenameOf(names.fenceWitness(Number.MIN_SAFE_INTEGER)),
    basenameOf(names.fenceScratch(LONG_NONCE)),
    basenameOf(names.slotCount),
    slot.basename,
    slot.readerClaimBasename(LONG_HOST, MAX_PID, LONG_NONCE),
    basenameOf(slot.tombstone(LONG_HOST, MAX_PID, LONG_NONCE, MAX_COUNT)),
  ];
}

/** Lock names of exactly 255 bytes and near it, ASCII and not. */
const LONG_BASENAMES: Record<string, string> = {
  '255 ASCII bytes': `${'a'.repeat(250)}.lock`,
  '240 ASCII bytes (the issue: 235 characters and .lock)': `${'b'.repeat(235)}.lock`,
  '84 euro signs and .ab (255 bytes, 87 characters)': `${'€'.repeat(84)}.ab`,
  'emoji (4 bytes each, 2 UTF-16 units) up to 252 bytes': `${'🔒'.repeat(63)}.a`,
  'spaces and newlines': `${'with space\nand newline '.repeat(10)}.lock`,
  'a leading dash': `-${'d'.repeat(249)}.lock`,
  'dots everywhere': `${'.x'.repeat(125)}.lock`,
};

describe('LockNames', () => {
  // An owner record holds its claim's name on a line of its own.
  it('derives no name with a line break, even from a short lock name that has one', () => {
    const names = new LockNames('/var/lock/jobs\nlock\r');
    const derived = [
      names.claim('web1', 42, 'Zq3kX9ab'),
      names.readerClaimBasename('web1', 42, 'Zq3kX9ab'),
      names.tombstone('web1', 42, 'Zq3kX9ab', 1),
      names.guard,
      names.fenceCounter,
      names.fenceWitness(7),
      names.slot(3).lockfile,
      names.slotCount,
    ];
    expect(derived.filter((name) => /[\n\r]/.test(name))).toEqual([]);
    expect(names.stem).toBe(`jobs_lock_~${fnv1a64('jobs\nlock\r')}`);
    expect(names.isLeftover(names.claimBasename('web1', 42, 'Zq3kX9ab'))).toBe(true);
    expect(names.lockfile).toBe('/var/lock/jobs\nlock\r');
  });

  describe('ordinary names stay exactly what they were', () => {
    const names = new LockNames('/var/lock/jobs.lock');

    it('names every file after the lock file', () => {
      expect(names.claim('web1.example.com', 4242, 'Zq3kX9ab')).toBe(
        '/var/lock/jobs.lock.claim.web1.4242.Zq3kX9ab',
      );
      expect(names.readerClaimBasename('web1', 7, 'Zq3kX9ab')).toBe(
        'jobs.lock.reader.web1.7.Zq3kX9ab',
      );
      expect(names.tombstone('web1', 7, 'Zq3kX9ab', 2)).toBe(
        '/var/lock/jobs.lock.tomb.web1.7.Zq3kX9ab-2',
      );
      expect(names.guard).toBe('/var/lock/jobs.lock.break');
      expect(names.fenceCounter).toBe('/var/lock/jobs.lock.fence');
      expect(names.fenceWitness(12)).toBe('/var/lock/jobs.lock.fence.12');
      expect(names.fenceScratch('Zq3kX9ab')).toBe('/var/lock/jobs.lock.fence.tmp.Zq3kX9ab');
      expect(names.slotCount).toBe('/var/lock/jobs.lock.slots');
      expect(names.slot(3).lockfile).toBe('/var/lock/jobs.lock.slot.3');
      expect(names.stem).toBe('jobs.lock');
    });

    it('keeps a relative path without a directory as it is', () => {
      const relative = new LockNames('jobs.lock');
      expect(relative.guard).toBe('jobs.lock.break');
      expect(relative.claim('web1', 1, 'Zq3kX9ab')).toBe('./jobs.lock.claim.web1.1.Zq3kX9ab');
    });

    it('keeps a name that fits even when the longest name of the lock would not', () => {
      const basename = 'c'.repeat(200);
      const long = new LockNames(`/d/${basename}`);
      expect(long.stem).not.toBe(basename);
      expect(long.guard).toBe(`/d/${basename}.break`);
      expect(long.claimBasename('web1', 4242, 'Zq3kX9abZq3kX9abZq3kX9')).toBe(
        `${basename}.claim.web1.4242.Zq3kX9abZq3kX9abZq3kX9`,
      );
    });
  });

  describe.each(Object.entries(LONG_BASENAMES))('a lock name of %s', (_, basename) => {
    const names = new LockNames(`/var/lock/${basename}`);

    it('is itself a valid name (at most 255 bytes)', () => {
      expect(bytes(basename)).toBeLessThanOrEqual(255);
    });

    it('derives only names of at most 255 bytes, every part at its longest', () => {
      for (const name of everyName(names)) expect(bytes(name)).toBeLessThanOrEqual(255);
    });

    it('shortens to a prefix of the name, cut between characters, then ~ and a hash of it', () => {
      const stem = names.stem;
      const [prefix, hash] = [
        stem.slice(0, stem.lastIndexOf('~')),
        stem.slice(stem.lastIndexOf('~') + 1),
      ];
      expect(basename.replace(/[\n\r]/g, '_').startsWith(prefix)).toBe(true);
      expect(prefix).not.toMatch(/[\n\r]/);
      expect(prefix.length).toBeGreaterThan(0);
      expect(hash).toBe(fnv1a64(basename));
      expect(bytes(stem) + LONGEST_SUFFIX_BYTES).toBeLessThanOrEqual(255);
      // no half character: the prefix survives a round trip through UTF-8
      expect(new TextDecoder().decode(utf8.encode(prefix))).toBe(prefix);
      expect(prefix).not.toContain('\uFFFD');
    });

    it('recognises every claim, reader claim and tombstone of its own, shortened or not', () => {
      const own = [
        names.claimBasename(LONG_HOST, MAX_PID, LONG_NONCE),
        names.claimBasename('w', 1, 'abcdefgh'),
        names.readerClaimBasename(LONG_HOST, MAX_PID, LONG_NONCE),
        basenameOf(names.tombstone(LONG_HOST, MAX_PID, LONG_NONCE, MAX_COUNT)),
        // named after the whole lock name, as a version before shortened names did
        `${basename}.claim.w.1.abcdefgh`,
      ];
      for (const entry of own) expect(names.isLeftover(entry)).toBe(true);
      expect(names.isReaderClaim(names.readerClaimBasename('w', 1, 'abcdefgh'))).toBe(true);
      expect(names.isReaderClaim(names.claimBasename(LONG_HOST, MAX_PID, LONG_NONCE))).toBe(false);
      expect(names.slot(9).isLeftover(names.claimBasename(LONG_HOST, MAX_PID, LONG_NONCE))).toBe(
        true,
      );
      expect(names.isSlot(names.slot(4_095).basename)).toBe(true);
      expect(names.isSlot(names.slot(0).basename)).toBe(true);
    });

    it("does not take another lock's files or its own other files for leftovers", () => {
      const other = new LockNames(`/var/lock/${basename.slice(0, -1)}x`);
      expect(other.stem).not.toBe(names.stem);
      for (const entry of [
        other.claimBasename(LONG_HOST, MAX_PID, LONG_NONCE),
        basenameOf(other.tombstone(LONG_HOST, MAX_PID, LONG_NONCE, 1)),
        basename,
        basenameOf(names.guard),
        basenameOf(names.fenceWitness(10 ** 15)),
        basenameOf(names.fenceScratch(LONG_NONCE)),
        basenameOf(names.slotCount),
        names.slot(1).basename,
      ]) {
        expect(names.isLeftover(entry)).toBe(false);
      }
      expect(names.isSlot(other.slot(1).basename)).toBe(false);
    });
  });

  it('tells apart two long names that differ only after the shortened prefix', () => {
    const a = new LockNames(`/d/${'p'.repeat(240)}-a.lock`);
    const b = new LockNames(`/d/${'p'.repeat(240)}-b.lock`);
    expect(a.stem).not.toBe(b.stem);
    expect(a.isLeftover(b.claimBasename('w', 1, 'abcdefgh'))).toBe(false);
    expect(a.guard).not.toBe(b.guard);
  });

  it("parses from the end when one lock's name starts with another's", () => {
    const short = new LockNames('/d/jobs.lock');
    const longer = new LockNames('/d/jobs.lock.claim.w.1.abcdefgh');
    expect(short.isLeftover(longer.claimBasename('w', 2, 'ijklmnop'))).toBe(false);
    expect(longer.isLeftover(short.claimBasename('w', 2, 'ijklmnop'))).toBe(false);
  });

  it('hashes with 64-bit FNV-1a over UTF-8 bytes (published test vectors)', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
    expect(fnv1a64('€')).not.toBe(fnv1a64('\u00e2\u0082\u00ac'));
  });
});
