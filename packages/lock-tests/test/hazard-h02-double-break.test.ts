import { parseRecord } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

const LOCK_PATH = /jobs\.lock$/;
const SHORT = { lifetime: 1_000, clockSlop: 500 };

/** A holder on another host that crashed: its lock just expires. */
async function expiredLock(world: World) {
  const crashed = world.process('crashed', {
    hostname: 'host-z',
    lock: { ...SHORT, autoRefresh: false },
  });
  await crashed.lock.lock();
  world.time.advance(SHORT.lifetime + SHORT.clockSlop + 1);
  return crashed;
}

function holderNonce(world: World): string | undefined {
  return parseRecord(world.read('jobs.lock'))?.nonce;
}

describe('H2: two waiters judge the same lock expired', () => {
  it('the second re-validates under the break guard and does not break the first one`s new lock', async () => {
    const world = new World();
    await expiredLock(world);
    const b = world.process('b', { lock: SHORT });
    const c = world.process('c', { lock: SHORT });

    // Both read the expired record before either breaks it.
    const bLooked = b.fs.pause({ op: 'read', path: LOCK_PATH, phase: 'after' });
    const cLooked = c.fs.pause({ op: 'read', path: LOCK_PATH, phase: 'after' });
    const bLocking = b.lock.lock();
    const cLocking = c.lock.lock({ timeout: 2_000 }).catch((error: unknown) => error);
    await Promise.all([bLooked.reached, cLooked.reached]);

    bLooked.release();
    await bLocking; // b broke the expired lock and holds a fresh one
    const bNonce = holderNonce(world);
    cLooked.release(); // c acts on the record it judged before
    const cResult = await cLocking;

    expect(cResult).toMatchObject({ code: 'ELOCKTIMEOUT' });
    expect(b.lock.held).toBe(true);
    expect(c.lock.held).toBe(false);
    expect(holderNonce(world)).toBe(bNonce);
    expect(c.fs.history({ op: 'rename', path: LOCK_PATH }).length).toBe(0); // c never touched b's lock
    await b.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('with both at the break guard at once, exactly one breaks and one holder results', async () => {
    const world = new World();
    await expiredLock(world);
    const b = world.process('b', { lock: SHORT });
    const c = world.process('c', { lock: SHORT });
    const bRenaming = b.fs.pause({ op: 'rename', path: LOCK_PATH, phase: 'before' });
    const bLocking = b.lock.lock({ timeout: 300 }).catch((error: unknown) => error);
    await bRenaming.reached; // b holds the guard and is about to break
    const cLocking = c.lock.lock({ timeout: 300 }).catch((error: unknown) => error);
    await c.clock.sleep(50); // c meets the guard: it must not break too
    expect(c.fs.history({ op: 'link', path: /\.break$/ }).length).toBeGreaterThan(0);
    bRenaming.release();
    const outcomes = await Promise.all([bLocking, cLocking]);

    // Whoever links first after the break holds the lock; the other times out.
    const holders = [b, c].filter((p) => p.lock.held);
    expect(holders).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === undefined)).toHaveLength(1);
    expect(
      outcomes.filter((outcome) => (outcome as { code?: string })?.code === 'ELOCKTIMEOUT'),
    ).toHaveLength(1);
    // One break in all: c never removed the lock b broke, nor the one that replaced it.
    expect(
      b.fs.history({ op: 'rename', path: LOCK_PATH }).length +
        c.fs.history({ op: 'rename', path: LOCK_PATH }).length,
    ).toBe(1);
    expect(await holders[0]!.lock.isLocked()).toBe(true);
    await holders[0]!.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('puts back a lock that changed hands between re-validation and removal (rename-verify-restore)', async () => {
    const world = new World();
    const slow = world.process('slow', {
      hostname: 'host-z',
      lock: { ...SHORT, autoRefresh: false },
    });
    await slow.lock.lock();
    world.time.advance(SHORT.lifetime + SHORT.clockSlop + 1);
    const breaker = world.process('breaker', { lock: SHORT });
    const newcomer = world.process('newcomer', { lock: SHORT });

    const aboutToRename = breaker.fs.pause({ op: 'rename', path: LOCK_PATH, phase: 'before' });
    const breaking = breaker.lock.lock({ timeout: 100 }).catch((error: unknown) => error);
    await aboutToRename.reached; // validated the expired record under the guard
    // Meanwhile the slow holder wakes up and releases, and a newcomer takes the lock.
    await slow.lock.unlock().catch(() => undefined);
    await newcomer.lock.lock();
    const newcomerNonce = holderNonce(world);
    aboutToRename.release();

    expect(await breaking).toMatchObject({ code: 'ELOCKTIMEOUT' });
    // The newcomer's lock file is back at the path (nobody else can enter), but marked: it was
    // gone for a moment, so its owner is told at its next look instead of trusting its lease.
    expect(holderNonce(world)).toBe(`!${newcomerNonce!.slice(1)}`);
    expect(breaker.logger.said('warn', /put back/)).toBe(true);
    expect(await newcomer.lock.isLocked()).toBe(false);
    await expect(newcomer.lock.unlock()).rejects.toMatchObject({ code: 'ECOMPROMISED' });
    expect(world.files()).toEqual([]);
  });

  it('does not break a lock whose holder refreshed it after the waiter judged it expired', async () => {
    const world = new World();
    const slow = world.process('slow', {
      hostname: 'host-z',
      lock: { ...SHORT, autoRefresh: false },
    });
    const waiter = world.process('waiter', { lock: SHORT });
    await slow.lock.lock();
    world.time.advance(SHORT.lifetime + SHORT.clockSlop + 1);
    const looked = waiter.fs.pause({ op: 'read', path: LOCK_PATH, phase: 'after' });
    const waiting = waiter.lock.lock({ timeout: 100 }).catch((error: unknown) => error);
    await looked.reached; // judged expired
    await slow.lock.refresh(); // the slow holder was alive after all
    looked.release();
    expect(await waiting).toMatchObject({ code: 'ELOCKTIMEOUT' });
    expect(waiter.fs.history({ op: 'rename' }).length).toBe(0);
    expect(await slow.lock.isLocked()).toBe(true);
    await slow.lock.unlock();
  });

  it('re-validates the holder, not just the expiry: a different expired lock is judged afresh, not removed blindly', async () => {
    const world = new World();
    const first = world.process('first', {
      hostname: 'host-y',
      lock: { ...SHORT, autoRefresh: false },
    });
    const second = world.process('second', {
      hostname: 'host-z',
      lock: { ...SHORT, autoRefresh: false },
    });
    const waiter = world.process('waiter', { lock: SHORT });
    await first.lock.lock();
    world.time.advance(SHORT.lifetime + SHORT.clockSlop + 1);
    const looked = waiter.fs.pause({ op: 'read', path: LOCK_PATH, phase: 'after' });
    const waiting = waiter.lock.lock();
    await looked.reached; // judged `first` expired
    await second.lock.lock({ timeout: 0 }); // `second` breaks it, takes the lock, and dies
    world.time.advance(SHORT.lifetime + SHORT.clockSlop + 1);
    looked.release();
    await waiting;
    expect(waiter.lock.held).toBe(true);
    expect(waiter.fs.history({ op: 'rename', path: LOCK_PATH }).length).toBe(1); // one break, of the record it re-judged
    expect(waiter.logger.alarms()).toEqual([]); // nothing had to be put back
    await waiter.lock.unlock();
  });
});
