import { parseRecord } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

describe('fencing: true', () => {
  it('gives every acquisition a token greater than all earlier ones, and records it in the lock file', async () => {
    const world = new World();
    const processes = ['a', 'b', 'c'].map((name) =>
      world.process(name, { lock: { fencing: true } }),
    );
    const tokens: number[] = [];
    await Promise.all(
      processes.map(async (p) => {
        for (let i = 0; i < 10; i += 1) {
          const held = await p.lock.acquire();
          tokens.push(held.fencingToken!);
          expect(parseRecord(world.read('jobs.lock'))!.token).toBe(held.fencingToken);
          expect((await p.lock.details())?.token).toBe(held.fencingToken);
          await p.clock.sleep(3);
          await held.release();
          expect(p.lock.fencingToken).toBeUndefined();
        }
      }),
    );
    expect(tokens).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // At rest: the counter and the witnesses kept (all 30 here: fewer than 64).
    const witnesses = Array.from({ length: 30 }, (_, i) => `jobs.lock.fence.${1 + i}`);
    expect(world.files()).toEqual(['jobs.lock.fence', ...witnesses].sort());
  });

  it('never hands out one number twice, even to two holders after mutual exclusion was lost', async () => {
    const world = new World();
    const a = world.process('a', { lock: { fencing: true } });
    const b = world.process('b', { lock: { fencing: true } });
    // Both read the counter before either wins a witness.
    const aRead = a.fs.pause({ op: 'read', path: /fence$/, phase: 'after' });
    const bRead = b.fs.pause({ op: 'read', path: /fence$/, phase: 'after' });
    const aLocking = a.lock.lock().catch((error: unknown) => error);
    await aRead.reached;
    // Mutual exclusion lost: b takes the lock behind a's back (as after a forced break).
    world.volume.unlinkSync('/locks/jobs.lock');
    const bLocking = b.lock.lock();
    await bRead.reached; // both read counter 0
    aRead.release();
    bRead.release();
    await bLocking;
    // a won witness 1 but finds the lock no longer its own: it gets no token at all.
    expect(await aLocking).toMatchObject({ code: 'ECOMPROMISED' });
    expect(a.lock.held).toBe(false);
    expect(b.lock.fencingToken).toBe(2); // 1 was taken: b moved on to 2
    expect(world.read('jobs.lock.fence')).toBe('2\n');
    await b.lock.unlock();
  });

  it('is off by default: no token, no extra files', async () => {
    const world = new World();
    const a = world.process('a');
    const held = await a.lock.acquire();
    expect(held.fencingToken).toBeUndefined();
    expect(parseRecord(world.read('jobs.lock'))!.token).toBe(0);
    await held.release();
    expect(world.files()).toEqual([]);
  });

  it('a holder stalled before it could use its token publishes nothing, and no number is given twice', async () => {
    const world = new World();
    const stalled = world.process('stalled', {
      hostname: 'host-z',
      lock: { fencing: true, lifetime: 1_000, clockSlop: 500 },
    });
    const others = world.process('others', {
      lock: { fencing: true, lifetime: 1_000, clockSlop: 500 },
    });
    // The stalled process read the counter (0), then stops before winning witness 1 (a GC pause).
    const paused = stalled.fs.pause({ op: 'writeFile', path: /fence\.1$/, phase: 'before' });
    const stalling = stalled.lock.lock().catch((error: unknown) => error);
    await paused.reached;
    const tokens: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const held = await others.lock.acquire();
      tokens.push(held.fencingToken!);
      await held.release();
    }
    paused.release();
    expect(await stalling).toMatchObject({ code: 'ECOMPROMISED' }); // it won a number, then found its lease lapsed
    const next = await others.lock.acquire();
    // The stalled one published nothing: the counter did not go back, no number repeats.
    expect([...tokens, next.fencingToken]).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    await next.release();
  });
});
