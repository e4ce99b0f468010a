import { linkSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLock, createReadWriteLock, encodeRecord, LockNames } from 'linklock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// On the local disk, through the NodeFsAdapter: here the kernel refuses a name longer than 255
// bytes (ENAMETOOLONG), which memfs does not.
const utf8 = new TextEncoder();
const bytes = (name: string) => utf8.encode(name).length;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'linklock-long-names-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const files = () => readdirSync(dir).sort();

const NAMES: Record<string, string> = {
  '255 ASCII bytes': `${'a'.repeat(250)}.lock`,
  '84 euro signs and .ab (255 bytes)': `${'€'.repeat(84)}.ab`,
  'spaces and quotes': `${"a 'lock' with spaces ".repeat(11)}.lock`,
  'a leading dash': `-${'d'.repeat(249)}.lock`,
};

/** A lock of a holder on another host, long expired, named as that holder would have named it. */
function plantExpiredLock(basename: string): string {
  const names = new LockNames(join(dir, basename));
  const claim = names.claimBasename('host-z.example.com', 4_194_304, 'deadholder1');
  const record = {
    hostname: 'host-z.example.com',
    pid: 4_194_304,
    bootId: undefined,
    pidNamespace: undefined,
    timeSource: 'local' as const,
    claim,
    nonce: 'deadholder1',
    token: 0,
    expiresAt: Date.now() - 3_600_000,
  };
  writeFileSync(join(dir, claim), encodeRecord(record));
  linkSync(join(dir, claim), join(dir, basename));
  return claim;
}

describe('long lock names on the local disk', () => {
  it('this disk refuses a name of 256 bytes (so the tests below would see ENAMETOOLONG)', () => {
    expect(() => writeFileSync(join(dir, 'x'.repeat(256)), '')).toThrow(
      expect.objectContaining({ code: 'ENAMETOOLONG' }),
    );
  });

  it('issue 19: a lock named with 235 characters and .lock (240 bytes) locks and unlocks', async () => {
    const lock = createLock(join(dir, `${'x'.repeat(235)}.lock`));
    await lock.lock();
    expect(files()).toContain(`${'x'.repeat(235)}.lock`);
    await lock.unlock();
    expect(files()).toEqual([]);
  });

  describe.each(Object.entries(NAMES))('a lock named with %s', (_, basename) => {
    const path = () => join(dir, basename);

    it('is held by one Lock at a time, and leaves nothing behind', async () => {
      const a = createLock(path());
      const b = createLock(path());
      await a.lock();
      expect(await b.tryLock()).toBe(false);
      expect(await a.isLocked()).toBe(true);
      expect((await b.details())?.pid).toBe(process.pid);
      for (const name of files()) expect(bytes(name)).toBeLessThanOrEqual(255);
      await a.unlock();
      expect(await b.tryLock()).toBe(true);
      await b.unlock();
      expect(files()).toEqual([]);
    });

    it('breaks the expired lock of a holder that is gone, with its claim', async () => {
      plantExpiredLock(basename);
      const lock = createLock(path());
      await lock.lock({ timeout: 5_000 });
      expect(files().filter((name) => name !== basename)).toHaveLength(1);
      await lock.unlock();
      expect(files()).toEqual([]);
    });

    it('is broken by force by an operator', async () => {
      const holder = createLock(path(), { autoRefresh: false });
      await holder.lock();
      expect(await createLock(path()).break({ force: true })).toBe('broken');
      expect(files()).toEqual([]);
      await holder.unlock({ unconditionally: true });
    });

    it('hands out growing fencing tokens', async () => {
      const lock = createLock(path(), { fencing: true });
      const tokens: number[] = [];
      for (let round = 0; round < 3; round += 1) {
        const held = await lock.acquire();
        tokens.push(held.fencingToken!);
        await held.release();
      }
      expect(tokens).toEqual([1, 2, 3]);
      const names = new LockNames(path());
      expect(files()).toEqual(
        [names.fenceCounter, ...tokens.map((token) => names.fenceWitness(token))]
          .map((file) => file.slice(dir.length + 1))
          .sort(),
      );
    });

    it('is shared by readers and taken by a writer once they leave', async () => {
      const [r1, r2, w] = [1, 2, 3].map(() => createReadWriteLock(path()));
      const first = await r1!.acquireRead();
      const second = await r2!.acquireRead();
      for (const name of files()) expect(bytes(name)).toBeLessThanOrEqual(255);
      expect(await w!.tryAcquireWrite()).toBeUndefined();
      await first.release();
      await second.release();
      const writing = await w!.acquireWrite();
      await writing.release();
      expect(files()).toEqual([new LockNames(path()).slotCount.slice(dir.length + 1)]);
    });
  });

  it('refuses a name of 256 bytes when the lock is made, leaving nothing', () => {
    expect(() => createLock(join(dir, `${'€'.repeat(85)}.`))).toThrow(
      expect.objectContaining({
        code: 'ENAMETOOLONG',
        message: expect.stringMatching(/256 bytes/),
      }),
    );
    expect(files()).toEqual([]);
  });
});
