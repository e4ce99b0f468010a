import { FsError, Lock, LockTimeoutError } from '@linklock/core';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import { DIR, LOCKFILE, World } from './support/world.js';

// A filesystem error while acquiring is said in the lock's terms (which lock, what was in the
// way), not as the raw error of an internal claim file; its code, syscall and path stay.
describe('filesystem errors while acquiring', () => {
  it('a missing directory: names the lock and the directory, keeps the code, syscall and path', async () => {
    const volume = new Volume();
    const lock = new Lock('/nodir/x.lock', {
      fs: new MemfsAdapter(volume),
      clock: { now: () => 0, sleep: async () => {} },
      random: { next: () => 0.5, nonce: () => 'n0nce12345' },
      identity: { hostname: 'h', pid: 1 },
    });
    const error = (await lock.lock().catch((failure: unknown) => failure)) as FsError;
    expect(error).toBeInstanceOf(FsError);
    expect(error.message).toBe(
      'cannot lock /nodir/x.lock: the directory /nodir does not exist (ENOENT)',
    );
    expect(error.code).toBe('ENOENT');
    expect(error.syscall).toBe('open');
    expect(error.path).toMatch(/^\/nodir\/x\.lock\.claim\./);
    expect((error.cause as { code?: string }).code).toBe('ENOENT');
    expect(volume.toJSON()).toEqual({});
  });

  it.each([
    ['EACCES', `no permission to create files in ${DIR}`],
    ['EROFS', `${DIR} is on a read-only filesystem`],
    ['ENOSPC', `no space left on the filesystem of ${DIR}`],
  ])('%s creating the claim: says what stood in the way', async (code, obstacle) => {
    const world = new World();
    const a = world.process('a');
    a.fs.addRule({ op: 'writeFile', errno: code, times: 1 });
    await expect(a.lock.lock()).rejects.toMatchObject({
      code,
      message: `cannot lock ${LOCKFILE}: ${obstacle} (${code})`,
    });
    expect(world.files()).toEqual([]);
  });

  it('an error without a known obstacle names the operation and keeps its message', async () => {
    const world = new World();
    const a = world.process('a');
    a.fs.addRule({ op: 'link', errno: 'EIO', times: 1 });
    const error = (await a.lock.lock().catch((failure: unknown) => failure)) as FsError;
    expect(error.code).toBe('EIO');
    expect(error.message).toMatch(/^cannot lock \/locks\/jobs\.lock: link .* failed: .*\(EIO\)$/);
  });

  it("the lock's own errors pass through unchanged", async () => {
    const world = new World();
    const [a, b] = [world.process('a'), world.process('b')];
    await a.lock.lock();
    await expect(b.lock.lock({ timeout: 0 })).rejects.toBeInstanceOf(LockTimeoutError);
  });
});
