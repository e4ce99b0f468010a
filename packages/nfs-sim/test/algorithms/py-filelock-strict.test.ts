import { describe, expect, it } from 'vitest';
import { pyFilelockStrict, strictPaths } from '../../src/algorithms/py-filelock-strict.js';
import { LOCKFILE, World } from './support/world.js';

const CLAIMS = strictPaths(LOCKFILE).claims;
const SENTINEL = '1\nfilelock-strict-v1\u0000\n0\n';

/** A world with the lock's protocol directories made, as its first `mkdir` would. */
function strictWorld(): World {
  const world = new World(pyFilelockStrict);
  for (const directory of pyFilelockStrict.directories?.(LOCKFILE) ?? []) {
    world.volume.mkdirSync(directory, { recursive: true });
  }
  return world;
}

function claims(world: World): string[] {
  return (world.volume.readdirSync(CLAIMS) as unknown[]).map(String).sort();
}

describe('py-filelock-strict (StrictSoftFileLock)', () => {
  it('takes an uncontended lock in one attempt: sentinel, intent, held; release removes the claims, not the sentinel', async () => {
    const world = strictWorld();
    const a = world.process('a');

    expect(await a.lock.acquire(null)).toBe(true);
    expect(world.lockContent()).toBe(SENTINEL);
    const held = claims(world);
    expect(held).toHaveLength(2);
    expect(held[0]).toMatch(/^held-v1-[0-9a-f]{32}\.claim$/);
    expect(held[1]).toBe(held[0]!.replace('held-', 'intent-'));
    expect(a.clock.sleeps).toEqual([]);
    expect(a.lock.token).toBeUndefined();

    await a.lock.release();
    expect(claims(world)).toEqual([]);
    expect(world.files()).toEqual(['jobs.lock', 'jobs.lock.filelock']); // the sentinel stays
    expect(a.logger.alarms()).toEqual([]);
  });

  it('excludes a second process while the first holds (its scan sees the claims), and lets it in after the release', async () => {
    const world = strictWorld();
    const a = world.process('a');
    const b = world.process('b');

    expect(await a.lock.acquire(null)).toBe(true);
    const heldByA = claims(world);
    expect(await b.lock.acquire(0)).toBe(false);
    expect(claims(world)).toEqual(heldByA); // b published nothing: its first scan found claims

    await a.lock.release();
    expect(await b.lock.acquire(0)).toBe(true);
    expect(claims(world)).not.toEqual(heldByA);
    await b.lock.release();
    expect(claims(world)).toEqual([]);
  });

  it('a waiter polls every 50 ms and gets the lock once the holder releases', async () => {
    const world = strictWorld();
    const a = world.process('a');
    const b = world.process('b');
    await a.lock.acquire(null);
    // b's first scan finds a's claims; just before its second scan, a releases.
    b.before('readdir', CLAIMS, () => a.lock.release(), 2);

    expect(await b.lock.acquire(null)).toBe(true);
    expect(b.clock.sleeps).toEqual([50]);
    await b.lock.release();
  });

  it('never breaks a claim by age: a holder that died blocks every waiter for good', async () => {
    const world = strictWorld();
    const dead = world.process('dead');
    const b = world.process('b');
    await dead.lock.acquire(null); // and never releases
    world.time.advance(24 * 60 * 60_000);

    expect(await b.lock.acquire(1_000)).toBe(false);
    expect(claims(world)).toHaveLength(2);
    expect(b.logger.alarms()).toEqual([]);
  });
});
