import { RecordingLogger } from '@linklock/conformance';
import { ForeignLockFileError, Lock } from '@linklock/core';
import { SeededRandom } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';
import { DIR, LOCKFILE, World } from './support/world.js';

async function expectForeign(world: World, plant: () => void, check: () => void) {
  plant();
  const a = world.process('a');
  await expect(a.lock.lock()).rejects.toBeInstanceOf(ForeignLockFileError);
  await expect(a.lock.tryLock()).rejects.toMatchObject({ code: 'ELOCKFOREIGN' });
  expect(await a.lock.state()).toBe('unknown');
  await expect(a.lock.details()).rejects.toMatchObject({ code: 'ELOCKFOREIGN' });
  expect(a.fs.history({ op: 'rename' }).length).toBe(0);
  expect(a.fs.history({ op: 'unlink', path: /jobs\.lock$/ }).length).toBe(0);
  check();
  expect(world.files().filter((name) => name.includes('.claim.'))).toEqual([]);
}

// Mailman breaks whatever is at the lock path; flufl.lock refuses (GL#25).
describe('H10: an unrelated file at the lock path', () => {
  it('is never broken or removed: ForeignLockFileError, file untouched, no claim left', async () => {
    const world = new World();
    await expectForeign(
      world,
      () => world.volume.writeFileSync(LOCKFILE, 'pid=1234\n'),
      () => expect(world.read('jobs.lock')).toBe('pid=1234\n'),
    );
  });

  it('an expired-looking lock written by another program is still foreign, even after a long time', async () => {
    const world = new World();
    world.volume.writeFileSync(LOCKFILE, 'linklock 2\nsomething newer\n');
    world.time.advance(3_600_000);
    await expectForeign(
      world,
      () => {},
      () => expect(world.read('jobs.lock')).toBe('linklock 2\nsomething newer\n'),
    );
  });

  it('a directory at the lock path is foreign and left alone', async () => {
    const world = new World();
    await expectForeign(
      world,
      () => world.volume.mkdirSync(LOCKFILE),
      () => expect(world.volume.statSync(LOCKFILE).isDirectory()).toBe(true),
    );
  });
});

describe('H14: a symlink planted at the lock or claim path', () => {
  it('at the lock path: not followed, the target untouched, ForeignLockFileError', async () => {
    const world = new World();
    world.volume.writeFileSync('/etc-passwd', 'root:x:0:0\n');
    await expectForeign(
      world,
      () => world.volume.symlinkSync('/etc-passwd', LOCKFILE),
      () => {
        expect(String(world.volume.readFileSync('/etc-passwd', 'utf8'))).toBe('root:x:0:0\n');
        expect(world.volume.lstatSync(LOCKFILE).isSymbolicLink()).toBe(true);
      },
    );
  });

  it('at the claim path: claims are created exclusively, so nothing is written through it', async () => {
    const world = new World();
    world.volume.writeFileSync('/target', 'precious\n');
    const fixedNonce = { next: () => 0.5, nonce: () => 'predictable1' };
    const claim = `${DIR}/jobs.lock.claim.host-a.7.predictable1`;
    world.volume.symlinkSync('/target', claim);
    const lock = new Lock(LOCKFILE, {
      fs: world.server,
      clock: world.time,
      random: fixedNonce,
      identity: { hostname: 'host-a', pid: 7 },
      logger: new RecordingLogger(),
    });
    await expect(lock.lock()).rejects.toMatchObject({ code: 'EEXIST' });
    expect(String(world.volume.readFileSync('/target', 'utf8'))).toBe('precious\n');
    expect(world.volume.lstatSync(claim).isSymbolicLink()).toBe(true);
    expect(world.files()).toEqual(['jobs.lock.claim.host-a.7.predictable1']);
  });
});

describe('H16: huge or binary content at the lock path', () => {
  it('1 MiB of binary: ForeignLockFileError after a bounded read, file untouched', async () => {
    const world = new World();
    const junk = Buffer.alloc(1024 * 1024);
    const random = new SeededRandom(7);
    for (let i = 0; i < junk.length; i += 1) junk[i] = Math.floor(random.next() * 256);
    await expectForeign(
      world,
      () => world.volume.writeFileSync(LOCKFILE, junk),
      () => expect(Buffer.compare(world.volume.readFileSync(LOCKFILE) as Buffer, junk)).toBe(0),
    );
  });

  it('a record padded past the size bound is foreign', async () => {
    const world = new World();
    const padded = `linklock 1\nhost ${'x'.repeat(5000)}\n`;
    await expectForeign(
      world,
      () => world.volume.writeFileSync(LOCKFILE, padded),
      () => expect(world.read('jobs.lock')).toBe(padded),
    );
  });
});
