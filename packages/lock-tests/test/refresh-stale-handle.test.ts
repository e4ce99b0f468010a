import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

const LIFETIME = 3_000;
const OPTIONS = { lock: { lifetime: LIFETIME, clockSlop: 1_000 } };

// Found by faulty-rules.property.test.ts: a refresh that read its own lock file as ESTALE took
// the lock for lost, and the cleanup after the "loss" removed the lock file, still ours, while
// the caller went on in its critical section: the next waiter got in beside it.
describe('a refresh that meets ESTALE reading its own lock file', () => {
  it('keeps the lock (tried again while the lease lasts): no loss reported, no waiter let in', async () => {
    const world = new World();
    const holder = world.process('holder', OPTIONS);
    const waiter = world.process('waiter', OPTIONS);
    await holder.lock.lock();
    holder.fs.addRule({ op: 'read', path: /jobs\.lock$/, errno: 'ESTALE', times: 1 });
    let waiterIn = false;
    const waiting = waiter.lock.lock({ timeout: 60_000 }).then(() => {
      waiterIn = true;
    });
    await holder.clock.sleep(3 * LIFETIME); // several refreshes, the first one meeting ESTALE
    expect(holder.fs.history({ op: 'read' }).some((call) => call.outcome === 'ESTALE')).toBe(true);
    expect(waiterIn).toBe(false);
    expect(await holder.lock.state()).toBe('ours');
    await holder.lock.unlock();
    await waiting;
    expect(waiterIn).toBe(true);
    await waiter.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('still takes a lock file that is really gone (ENOENT) for lost', async () => {
    const world = new World();
    const holder = world.process('holder', OPTIONS);
    await holder.lock.lock();
    world.volume.unlinkSync('/locks/jobs.lock');
    await expect(holder.lock.refresh()).rejects.toMatchObject({ code: 'ECOMPROMISED' });
  });
});
