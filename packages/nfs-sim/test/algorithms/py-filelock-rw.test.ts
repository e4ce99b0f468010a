import { afterEach, describe, expect, it } from 'vitest';
import { pyFilelockRw, rwRoot } from '../../src/algorithms/py-filelock-rw.js';
import { LIFETIME_MS, LOCKFILE, World } from './support/world.js';

const GEN = `${rwRoot(LOCKFILE)}/gen`;
/** `poll_interval`; the heartbeat (a third of the lifetime) sleeps on the same clock. */
const POLL_MS = 250;
const HOLDERS = `${rwRoot(LOCKFILE)}/holders`;

let world: World;

/** A world with the lock's protocol directories made, as its first `mkdir` would. */
function rwWorld(): World {
  world = new World(pyFilelockRw);
  for (const directory of pyFilelockRw.directories?.(LOCKFILE) ?? []) {
    world.volume.mkdirSync(directory, { recursive: true });
  }
  return world;
}

// Held locks heartbeat on the virtual clock: stop it so that nothing runs on after a test.
afterEach(() => world.time.stop());

function names(directory: string): string[] {
  return (world.volume.readdirSync(directory) as unknown[]).map(String).sort();
}

/** The newest snapshot: its writer and number of readers. */
function latest(): { generation: number; writer: boolean; readers: number } {
  const newest = names(GEN)
    .filter((name) => /^\d{20}$/.test(name))
    .at(-1);
  if (newest === undefined) return { generation: 0, writer: false, readers: 0 };
  const record = String(world.volume.readFileSync(`${GEN}/${newest}`, 'utf8'));
  return {
    generation: Number(newest),
    writer: record.includes('\nwriter='),
    readers: record.split('\nreader=').length - 1,
  };
}

describe('py-filelock-rw (SoftReadWriteLock)', () => {
  it('a writer takes an uncontended lock in one commit and leaves in another; the generation is its fencing token', async () => {
    rwWorld();
    const w = world.process('w');

    expect(await w.lock.acquire(null, 'write')).toBe(true);
    expect(latest()).toEqual({ generation: 1, writer: true, readers: 0 });
    expect(names(HOLDERS)).toHaveLength(1);
    expect(w.clock.sleeps.filter((ms) => ms === POLL_MS)).toEqual([]); // not one poll

    await w.lock.release();
    expect(latest()).toEqual({ generation: 2, writer: false, readers: 0 });
    expect(names(HOLDERS)).toEqual([]);
    expect(names(GEN)).toEqual(['00000000000000000001', '00000000000000000002']); // kept by design
    expect(w.logger.alarms()).toEqual([]);
  });

  it('readers share the lock', async () => {
    rwWorld();
    const r1 = world.process('r1');
    const r2 = world.process('r2');

    expect(await r1.lock.acquire(null, 'read')).toBe(true);
    expect(await r2.lock.acquire(0, 'read')).toBe(true);
    expect(latest()).toMatchObject({ writer: false, readers: 2 });

    await r1.lock.release();
    await r2.lock.release();
    expect(latest()).toMatchObject({ writer: false, readers: 0 });
    expect(names(HOLDERS)).toEqual([]);
  });

  it('a writer excludes readers and other writers; a reader excludes writers', async () => {
    rwWorld();
    const w = world.process('w');
    const r = world.process('r');
    const w2 = world.process('w2');

    expect(await w.lock.acquire(null, 'write')).toBe(true);
    expect(await r.lock.acquire(0, 'read')).toBe(false);
    expect(await w2.lock.acquire(0, 'write')).toBe(false);
    expect(latest()).toMatchObject({ writer: true, readers: 0 });
    await w.lock.release();

    expect(await r.lock.acquire(0, 'read')).toBe(true);
    // A writer meeting a reader enters the snapshot, is not granted, and withdraws on timeout.
    expect(await w2.lock.acquire(0, 'write')).toBe(false);
    expect(latest()).toMatchObject({ writer: false, readers: 1 });
    await r.lock.release();
    expect(await w2.lock.acquire(0, 'write')).toBe(true);
    await w2.lock.release();
    expect(names(HOLDERS)).toEqual([]);
  });

  it('prefers writers: once a writer waits, a new reader waits behind it; the writer gets in when the reader leaves', async () => {
    rwWorld();
    const r1 = world.process('r1');
    const w = world.process('w');
    const r2 = world.process('r2');
    expect(await r1.lock.acquire(null, 'read')).toBe(true);

    const writer = w.lock.acquire(null, 'write');
    await world.time.sleep(100); // w's first poll: named as the writer, waiting for r1
    expect(latest()).toMatchObject({ writer: true, readers: 1 });
    expect(await r2.lock.acquire(0, 'read')).toBe(false);

    await r1.lock.release();
    expect(await writer).toBe(true);
    expect(w.clock.sleeps.filter((ms) => ms === POLL_MS).length).toBeGreaterThan(0);
    expect(latest()).toMatchObject({ writer: true, readers: 0 });
    await w.lock.release();
  });

  it('evicts a member whose holder record stayed unchanged for the stale threshold, on its own clock', async () => {
    rwWorld();
    const dead = world.process('dead');
    const w = world.process('w');
    expect(await dead.lock.acquire(null, 'read')).toBe(true);
    dead.fs.addRule({ op: 'writeAt', errno: 'EIO' }); // its heartbeats no longer land: a silent reader

    expect(await w.lock.acquire(null, 'write')).toBe(true);
    // w watched the record for a threshold from its first reading, then committed without it.
    const waited = w.clock.sleeps.filter((ms) => ms === POLL_MS).length * POLL_MS;
    expect(waited).toBeGreaterThanOrEqual(LIFETIME_MS);
    expect(waited).toBeLessThan(LIFETIME_MS + 1_000);
    expect(latest()).toMatchObject({ writer: true, readers: 0 });
    await w.lock.release();
  });
});
