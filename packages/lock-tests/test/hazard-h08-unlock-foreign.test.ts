import { parseRecord } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

const LOCK_PATH = /jobs\.lock$/;
const SHORT = { lifetime: 1_000, clockSlop: 500, autoRefresh: false };

// flufl.lock checks ownership, then unlinks: in between, the lock may change hands.
// liblockfile does not check at all.
describe('H8: unlock never removes someone else`s lock', () => {
  it('unlock() of a lock another owner holds: NotLockedError, their file intact', async () => {
    const world = new World();
    const owner = world.process('owner');
    const stranger = world.process('stranger');
    await owner.lock.lock();
    const before = world.read('jobs.lock');
    await expect(stranger.lock.unlock()).rejects.toMatchObject({ code: 'ENOTLOCKED' });
    await expect(stranger.lock.unlock({ unconditionally: true })).resolves.toBeUndefined();
    expect(world.read('jobs.lock')).toBe(before);
    expect(await owner.lock.isLocked()).toBe(true);
    await owner.lock.unlock();
  });

  it('unlock() after expiry, once another owner broke and took the lock: ECOMPROMISED, their lock intact', async () => {
    const world = new World();
    const late = world.process('late', { lock: SHORT });
    const next = world.process('next', { hostname: 'host-b', lock: SHORT });
    await late.lock.lock();
    await next.lock.lock(); // waits out lifetime + slop, then breaks
    const theirs = world.read('jobs.lock');
    await expect(late.lock.unlock()).rejects.toMatchObject({ code: 'ECOMPROMISED' });
    expect(world.read('jobs.lock')).toBe(theirs);
    expect(await next.lock.isLocked()).toBe(true);
    await next.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('the lock changing hands inside unlock() after expiry is detected, put back, and its owner told', async () => {
    const world = new World();
    const late = world.process('late', { lock: SHORT });
    const next = world.process('next', { hostname: 'host-b', lock: SHORT });
    await late.lock.lock();
    world.time.advance(SHORT.lifetime + 1); // past expiry: unlock must verify what it removes
    const renaming = late.fs.pause({ op: 'rename', path: LOCK_PATH });
    const unlocking = late.lock.unlock().catch((error: unknown) => error);
    await renaming.reached;
    await next.lock.lock(); // meanwhile the lock is broken and taken
    const nextNonce = parseRecord(world.read('jobs.lock'))!.nonce;
    renaming.release();
    expect(await unlocking).toMatchObject({ code: 'ECOMPROMISED' });
    // Put back, marked displaced: `next` lost its lease for a moment and is told so.
    expect(parseRecord(world.read('jobs.lock'))!.nonce).toBe(`!${nextNonce.slice(1)}`);
    expect(await next.lock.isLocked()).toBe(false);
    await expect(next.lock.unlock()).rejects.toMatchObject({ code: 'ECOMPROMISED' });
    expect(world.files()).toEqual([]);
  });
});
