import { describe, expect, it } from 'vitest';
import type { LegacyFs } from '../../src/algorithms/algorithm.js';
import { flufl } from '../../src/algorithms/flufl.js';
import { mailman21 } from '../../src/algorithms/mailman21.js';
import { CLOCK_SLOP_MS, LIFETIME_MS, LOCKFILE, World } from './support/world.js';

/** The shared disk as sshfs shows it to one process: the lock file's link count always 1. */
function nlinkAlwaysOne(disk: LegacyFs): LegacyFs {
  return new Proxy(disk, {
    get(target, property) {
      if (property === 'stat') {
        return async (path: string) => {
          const stats = await target.stat(path);
          return path === LOCKFILE ? { ...stats, nlink: 1 } : stats;
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

// What Mailman 2.1 and flufl.lock share: claim file, link(2), nlink + content ownership,
// mtime expiry checked only after the timeout.
describe.each([mailman21, flufl])('$name (claim file + link)', (algorithm) => {
  it('lays a claim file named after lock file, host and pid, holding its own name', async () => {
    const world = new World(algorithm);
    const a = world.process('a');
    await a.lock.acquire(null);

    const claim = world.lockContent()!;
    const separator = algorithm === flufl ? '|' : '.';
    expect(claim.startsWith(`${LOCKFILE}${separator}host-a${separator}100${separator}`)).toBe(true);
    expect(world.volume.readFileSync(claim, 'utf8')).toBe(claim);
    expect(world.volume.statSync(LOCKFILE).nlink).toBe(2);
    // the expiry lives in the mtime: now + lifetime
    expect(Number(world.volume.statSync(LOCKFILE).mtimeMs)).toBe(world.time.now() + LIFETIME_MS);
  });

  it('H3: holds the lock when link() succeeded but the reply said EEXIST (own claim in the lock file)', async () => {
    const world = new World(algorithm);
    const a = world.process('a');
    a.fs.addRule({ op: 'link', path: LOCKFILE, errno: 'EEXIST', phase: 'after', times: 1 });

    expect(await a.lock.acquire(null)).toBe(true);
    expect(a.trace()).toEqual([
      'writeFile claim ok',
      'utimes claim ok',
      'link lock EEXIST',
      'stat lock ok', // nlink == 2
      'read lock ok', // our own claim name
    ]);
    expect(a.logger.alarms()).toEqual([]);
    await a.lock.release();
    expect(world.files()).toEqual([]);
  });

  it('H9: acquire(0) never breaks an expired lock (the timeout is checked before the expiry)', async () => {
    const world = new World(algorithm);
    const a = world.process('a');
    const b = world.process('b');
    await a.lock.acquire(null);
    const claimA = world.lockContent();
    world.time.advance(LIFETIME_MS + CLOCK_SLOP_MS + 60_000);

    expect(await b.lock.acquire(0)).toBe(false);
    expect(world.lockContent()).toBe(claimA);
    expect(b.fs.history({ op: 'stat', path: LOCKFILE }).length).toBe(1); // the link count only; no release time asked
    expect(b.fs.history({ op: 'unlink', path: LOCKFILE }).length).toBe(0);
  });

  it('the broken holder is told only at release: NotLockedError (ENOTLOCKED), its claim gone', async () => {
    const world = new World(algorithm);
    const a = world.process('a');
    const b = world.process('b');
    await a.lock.acquire(null);
    world.time.advance(LIFETIME_MS + CLOCK_SLOP_MS + 1_000);
    await b.lock.acquire(null);
    expect(b.logger.messages('error')).toEqual(['lifetime has expired, breaking']);
    expect(a.compromised).toEqual([]); // no notice while it "holds"

    await expect(a.lock.release()).rejects.toMatchObject({ code: 'ENOTLOCKED' });
    expect(world.lockContent()).toContain('host-b'); // b's lock survives a's release
    await b.lock.release();
    expect(world.files()).toEqual([]);
  });

  it('H4: ownership by nlink: where nlink is not 2, release rejects and leaves the lock file', async () => {
    const world = new World(algorithm);
    // sshfs reports nlink 1 for every file
    const a = world.process('a', { wrap: nlinkAlwaysOne });

    expect(await a.lock.acquire(null)).toBe(true); // link() itself succeeded
    await expect(a.lock.release()).rejects.toMatchObject({ code: 'ENOTLOCKED' });
    expect(world.files()).toContain('jobs.lock'); // left until someone breaks it
  });
});
