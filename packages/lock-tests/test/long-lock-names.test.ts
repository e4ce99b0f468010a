import { encodeRecord, LockNames } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { NAME_MAX, NameMaxFs } from './support/name-max-fs.js';
import { DIR, type ProcessOptions, World } from './support/world.js';

const utf8 = new TextEncoder();
const bytes = (name: string) => utf8.encode(name).length;

const SHORT = { lifetime: 1_000, clockSlop: 500 };
/** A host part of the longest kind (32 characters once shortened) and a pid of many digits. */
const LONG_HOST = `${'h'.repeat(40)}.cluster.example.com`;

/** Lock names that are valid file names (at most 255 bytes), each close to the limit. */
const NAMES: Record<string, string> = {
  'the issue: 235 characters and .lock (240 bytes)': `${'j'.repeat(235)}.lock`,
  '255 ASCII bytes': `${'a'.repeat(250)}.lock`,
  '84 euro signs and .ab (255 bytes, 3 per character)': `${'€'.repeat(84)}.ab`,
  'spaces, tabs and quotes': `${"a lock\twith 'spaces' ".repeat(12).slice(0, 250)}.lock`,
  'a leading dash': `-${'d'.repeat(249)}.lock`,
};

/** A process on a NAME_MAX-enforcing disk, locking `basename` in the test directory. */
function processOn(world: World, basename: string, name: string, options: ProcessOptions = {}) {
  return world.process(name, {
    hostname: LONG_HOST,
    pid: 4_194_303,
    ...options,
    lockfile: `${DIR}/${basename}`,
    wrap: (fs) => new NameMaxFs(fs),
  });
}

/** Every name in the directory fits in NAME_MAX. */
function expectAllFit(world: World): void {
  for (const name of world.files()) expect(bytes(name)).toBeLessThanOrEqual(NAME_MAX);
}

describe.each(Object.entries(NAMES))('a lock named with %s', (_, basename) => {
  it('is a valid name, of at most 255 bytes', () => {
    expect(bytes(basename)).toBeLessThanOrEqual(NAME_MAX);
  });

  it('locks and unlocks, the lock file keeping its name, and leaves nothing behind', async () => {
    const world = new World();
    const a = processOn(world, basename, 'a');
    await a.lock.lock();
    expect(world.files()).toContain(basename);
    expectAllFit(world);
    const claim = world.files().find((name) => name !== basename);
    expect(claim).toBeDefined();
    expect(new LockNames(`${DIR}/${basename}`).isLeftover(claim!)).toBe(true);
    expect((await a.lock.details())?.hostname).toBe(LONG_HOST);
    await a.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('is contended: the second process waits and takes it once the first lets go', async () => {
    const world = new World();
    const a = processOn(world, basename, 'a');
    const b = processOn(world, basename, 'b', { pid: 4_194_304 });
    await a.lock.lock();
    expect(await b.lock.tryLock()).toBe(false);
    const waiting = b.lock.lock({ timeout: 10_000 });
    await world.time.sleep(300);
    expectAllFit(world);
    await a.lock.unlock();
    await waiting;
    expect(b.lock.held).toBe(true);
    await b.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('is broken when its holder died, under a break guard that fits, with its claim', async () => {
    const world = new World();
    const dead = processOn(world, basename, 'dead', { lock: { ...SHORT, autoRefresh: false } });
    const next = processOn(world, basename, 'next', { pid: 4_194_304, lock: SHORT });
    await dead.lock.lock();
    dead.crash();
    await next.lock.lock({ timeout: 10_000 });
    const guards = next.fs.history({ op: 'link', path: /break$/ }).map((call) => call.paths[1]!);
    expect(guards.length).toBeGreaterThan(0);
    for (const guard of guards)
      expect(bytes(guard.slice(DIR.length + 1))).toBeLessThanOrEqual(NAME_MAX);
    expect(world.files().filter((name) => name !== basename)).toHaveLength(1);
    await next.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('hands out fencing tokens that grow, its counter and witnesses fitting', async () => {
    const world = new World();
    const a = processOn(world, basename, 'a', { lock: { fencing: true } });
    const b = processOn(world, basename, 'b', { pid: 4_194_304, lock: { fencing: true } });
    const tokens: number[] = [];
    for (let round = 0; round < 12; round += 1) {
      const held = await (round % 2 === 0 ? a : b).lock.acquire();
      tokens.push(held.fencingToken!);
      await held.release();
    }
    expect(tokens).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const names = new LockNames(`${DIR}/${basename}`);
    const kept = [names.fenceCounter, ...tokens.map((token) => names.fenceWitness(token))];
    expect(world.files()).toEqual(kept.map((path) => path.slice(DIR.length + 1)).sort());
    expectAllFit(world);
  });

  it('is shared by readers and taken by a writer once they leave, only the slot count staying', async () => {
    const world = new World();
    const [r1, r2, w] = [1, 2, 3].map((n) =>
      processOn(world, basename, `p${n}`, { pid: 4_194_300 + n }),
    );
    const first = await r1!.rw.acquireRead();
    const second = await r2!.rw.acquireRead();
    expectAllFit(world);
    const state = await w!.rw.state();
    expect(state.readers.map((reader) => reader.pid).sort()).toEqual([4_194_301, 4_194_302]);
    expect(await w!.rw.tryAcquireWrite()).toBeUndefined();
    await first.release();
    await second.release();
    const writing = await w!.rw.acquireWrite();
    expect(writing.mode).toBe('write');
    expectAllFit(world);
    await writing.release();
    const names = new LockNames(`${DIR}/${basename}`);
    expect(world.files()).toEqual([names.slotCount.slice(DIR.length + 1)]);
  });

  it('sweeps the claim a crashed waiter left, and leaves another lock`s alone', async () => {
    const world = new World();
    const names = new LockNames(`${DIR}/${basename}`);
    const holder = processOn(world, basename, 'holder', {
      hostname: 'host-z',
      lock: { ...SHORT, autoRefresh: false },
    });
    await holder.lock.lock();
    const leftover = names.claimBasename(LONG_HOST, 77, 'deadwaiter1');
    const expiredRecord = {
      hostname: LONG_HOST,
      pid: 77,
      bootId: undefined,
      pidNamespace: undefined,
      timeSource: 'local' as const,
      claim: leftover,
      nonce: 'deadwaiter1',
      token: 0,
      expiresAt: world.time.now(),
    };
    world.volume.writeFileSync(`${DIR}/${leftover}`, encodeRecord(expiredRecord));
    const others = new LockNames(`${DIR}/${basename.slice(0, -1)}x`);
    const notOurs = others.claimBasename(LONG_HOST, 78, 'otherlock1');
    world.volume.writeFileSync(
      `${DIR}/${notOurs}`,
      encodeRecord({ ...expiredRecord, claim: notOurs, pid: 78, nonce: 'otherlock1' }),
    );
    expect(bytes(leftover)).toBeLessThanOrEqual(NAME_MAX);
    world.time.advance(1_000 + 500 + 1);
    const next = processOn(world, basename, 'next', { lock: SHORT });
    await next.lock.lock({ timeout: 5_000 });
    await next.lock.unlock();
    expect(world.files()).toEqual([notOurs]);
  });
});

describe('a lock name longer than 255 bytes', () => {
  it.each([
    ['256 ASCII bytes', `${'a'.repeat(251)}.lock`],
    ['86 euro signs (258 bytes, 86 characters)', '€'.repeat(86)],
  ])('(%s) is refused when the lock is made, with ENAMETOOLONG and what to do', (_, basename) => {
    const world = new World();
    expect(() => processOn(world, basename, 'a')).toThrow(
      expect.objectContaining({
        name: 'RangeError',
        code: 'ENAMETOOLONG',
        message: expect.stringMatching(/at most 255: choose a shorter name/),
      }),
    );
    expect(world.files()).toEqual([]);
  });
});
