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
    // At rest: the counter and the latest witness only.
    expect(world.files()).toEqual(['jobs.lock.fence', 'jobs.lock.fence.30']);
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
});
