import { Lock, ReadWriteLock } from '@linklock/core';
import type { PauseSpec } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';
import { LOCKFILE, type ProcessOptions, type SimulatedProcess, World } from './support/world.js';

/** Takes the lock, notes the turn, holds it `holdMs`, releases. */
async function turn(process: SimulatedProcess, order: string[], holdMs = 20): Promise<void> {
  await process.lock.lock();
  order.push(process.name);
  await process.clock.sleep(holdMs);
  await process.lock.unlock();
}

/** A process with `fair: true` and `lock`'s other options. */
function fairProcess(
  world: World,
  name: string,
  lock: ProcessOptions['lock'] = {},
  process: Omit<ProcessOptions, 'lock'> = {},
): SimulatedProcess {
  return world.process(name, { ...process, lock: { ...lock, fair: true } });
}

/**
 * `holder` holds; `stuck` queues behind it and stops at the call `stopAt` (paused for good);
 * `next` queues behind `stuck`; `beforeRelease` runs; the holder releases. Resolves how long
 * `next` then waited for the lock, and lets everyone finish.
 */
async function waitBehindStuckClaim(
  holder: SimulatedProcess,
  stuck: SimulatedProcess,
  next: SimulatedProcess,
  stopAt: PauseSpec,
  beforeRelease: () => void = () => {},
): Promise<number> {
  await holder.lock.lock();
  const frozen = stuck.fs.pause(stopAt);
  const stuckTurn = stuck.lock.lock();
  await holder.clock.sleep(50);
  const waiting = next.lock.lock();
  await holder.clock.sleep(50);
  beforeRelease();
  await holder.lock.unlock();
  await frozen.reached;
  const stoppedAt = holder.clock.monotonic();
  await waiting;
  const waited = holder.clock.monotonic() - stoppedAt;
  await next.lock.unlock();
  frozen.release();
  await stuckTurn;
  await stuck.lock.unlock();
  return waited;
}

/** `a` holds; b, c, d ask 50 ms apart; `a` releases and at once asks again. */
async function releaserAsksAgain(fair: boolean): Promise<string[]> {
  const world = new World();
  const [a, ...others] = ['a', 'b', 'c', 'd'].map((name) =>
    world.process(name, { lock: { fair } }),
  ) as [SimulatedProcess, ...SimulatedProcess[]];
  const order: string[] = [];
  await a.lock.lock();
  const turns: Promise<void>[] = [];
  for (const other of others) {
    turns.push(turn(other, order));
    await a.clock.sleep(50);
  }
  await a.lock.unlock();
  turns.push(turn(a, order));
  await Promise.all(turns);
  expect(world.files()).toEqual([]);
  return order;
}

describe('fair waiting (fair: true)', () => {
  it('waiters take the lock in the order they asked; a releaser asking again queues behind them', async () => {
    expect(await releaserAsksAgain(true)).toEqual(['b', 'c', 'd', 'a']);
  });

  it('without it, the releaser asking again may pass waiters that asked before it (the default)', async () => {
    const order = await releaserAsksAgain(false);
    expect(order.indexOf('a')).toBeLessThan(order.indexOf('d'));
  });

  it('keeps the order over many turns of many processes', async () => {
    const world = new World();
    const processes = Array.from({ length: 6 }, (_, index) =>
      world.process(`p${index}`, { lock: { fair: true } }),
    );
    const asked: { name: string; at: number }[] = [];
    const got: string[] = [];
    await Promise.all(
      processes.map(async (process, index) => {
        await process.clock.sleep(index * 7);
        for (let round = 0; round < 5; round += 1) {
          asked.push({ name: process.name, at: world.time.now() });
          await turn(process, got, 5 + ((index * 3 + round) % 4));
          await process.clock.sleep(1); // asks again after the others already waiting
        }
      }),
    );
    // Served in the order asked (the queue is first come, first served).
    expect(got).toEqual(asked.map((request) => request.name));
    expect(world.files()).toEqual([]);
  });

  it('the next in line judges the holder by the read that made it next, not by a second one', async () => {
    const world = new World();
    const holder = fairProcess(world, 'holder');
    const next = fairProcess(world, 'next');
    await holder.lock.lock();
    const waiting = next.lock.lock();
    await holder.clock.sleep(500);
    // One read of the lock file told it that the one claim ahead is the holder's and served as
    // its look at that holder: it polls with links alone (within a second of a look), and no
    // link refused at once is followed by a second read of the same record.
    const reads = next.fs.history({ op: 'read', path: LOCKFILE });
    const links = next.fs.history({ op: 'link', path: LOCKFILE });
    expect(reads).toHaveLength(1);
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((link) => link.call > (reads[0]?.call ?? Number.POSITIVE_INFINITY))).toBe(
      true,
    );
    await holder.lock.unlock();
    await waiting;
    await next.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('passes over the claim of a waiter that died while queued (H11, H12)', async () => {
    const world = new World();
    const holder = fairProcess(world, 'holder');
    const stuck = fairProcess(world, 'stuck');
    const next = fairProcess(world, 'next');
    // Its next link never returns: it stops there, its claim left queued, then it dies.
    const waited = await waitBehindStuckClaim(
      holder,
      stuck,
      next,
      { op: 'link', path: LOCKFILE },
      () => stuck.crash(),
    );
    // Within a stall check (1 s) and a backoff sleep of the release, not a lifetime.
    expect(waited).toBeLessThan(2_500);
  });

  it('passes over the claim of a waiter on another host once it expires', async () => {
    const world = new World();
    const options = { lifetime: 3_000, clockSlop: 1_000 };
    const holder = fairProcess(world, 'holder', options);
    const stuck = fairProcess(world, 'stuck', options, { hostname: 'host-b' });
    const next = fairProcess(world, 'next', options);
    const waited = await waitBehindStuckClaim(holder, stuck, next, { op: 'link', path: LOCKFILE });
    // Its claim expires a lifetime after it was last renewed, plus the slop; then a stall check.
    expect(waited).toBeGreaterThan(2_000);
    expect(waited).toBeLessThan(3_000 + 1_000 + 2_500);
  });

  // Found by the simulator (chaos, seed 1081): a claim's first expiry is written on its
  // owner's clock until the owner has measured the server's; one that stops right there names
  // an expiry as far off as its clock runs ahead.
  it('passes over a claim that stopped before its owner measured the server`s clock', async () => {
    const world = new World();
    const holder = fairProcess(world, 'holder');
    const stuck = fairProcess(world, 'stuck', {}, { hostname: 'host-b', clockOffsetMs: 250_000 });
    const next = fairProcess(world, 'next');
    // Its calibration reads the claim's mtime: stopped there, its claim keeps the provisional expiry.
    const waited = await waitBehindStuckClaim(holder, stuck, next, { op: 'stat' });
    // Not written for a lifetime (15 s) + slop: passed over, not 250 s later.
    expect(waited).toBeLessThan(15_000 + 2_000 + 2_500);
  });

  it('a timeout while queued rejects with ELOCKTIMEOUT and leaves no claim behind', async () => {
    const world = new World();
    const holder = world.process('holder', { lock: { fair: true } });
    const first = world.process('first', { lock: { fair: true } });
    const queued = world.process('queued', { lock: { fair: true } });
    await holder.lock.lock();
    const firstTurn = first.lock.lock();
    await holder.clock.sleep(10);
    await expect(queued.lock.lock({ timeout: 500 })).rejects.toMatchObject({
      code: 'ELOCKTIMEOUT',
    });
    // The holder's claim and the first waiter's: the one that timed out is gone.
    expect(world.files().filter((name) => name.includes('.claim.'))).toHaveLength(2);
    await holder.lock.unlock();
    await firstTurn;
    await first.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('an abort while queued rejects with AbortError and leaves no claim behind', async () => {
    const world = new World();
    const holder = world.process('holder', { lock: { fair: true } });
    const first = world.process('first', { lock: { fair: true } });
    const queued = world.process('queued', { lock: { fair: true } });
    await holder.lock.lock();
    const firstTurn = first.lock.lock();
    await holder.clock.sleep(10);
    const controller = new AbortController();
    const waiting = queued.lock.lock({ signal: controller.signal });
    await holder.clock.sleep(100);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    await holder.lock.unlock();
    await firstTurn;
    await first.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('fair and default waiters of one lock all get it (the queue only orders the fair ones)', async () => {
    const world = new World();
    const processes = Array.from({ length: 4 }, (_, index) =>
      world.process(`p${index}`, { lock: { fair: index % 2 === 0 } }),
    );
    const got: string[] = [];
    await Promise.all(
      processes.map(async (process) => {
        for (let round = 0; round < 3; round += 1) await turn(process, got, 3);
      }),
    );
    expect(got).toHaveLength(12);
    expect(world.files()).toEqual([]);
  });

  it('says a fair option that is not a boolean is a TypeError, and that ReadWriteLock has none', () => {
    const world = new World();
    const options = {
      fs: world.server,
      clock: world.time,
      random: { next: () => 0.5, nonce: () => 'abcdefgh' },
      identity: { hostname: 'h', pid: 1 },
    };
    expect(() => new Lock(LOCKFILE, { ...options, fair: 'yes' as unknown as boolean })).toThrow(
      TypeError,
    );
    expect(() => new ReadWriteLock(LOCKFILE, { ...options, fair: true })).toThrow(/for Lock only/);
  });
});
