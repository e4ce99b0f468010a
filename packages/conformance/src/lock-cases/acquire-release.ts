import type { LockCase } from './lock-case.js';

/** Taking and releasing the lock, alone and against another process on the same storage. */
export const acquireReleaseCases: readonly LockCase[] = [
  {
    title: 'lock: acquire holds it for everyone, release leaves nothing behind',
    async run(stage, expect) {
      const a = stage.lock(0);
      const b = stage.lock(1);
      await a.lock.lock({ timeout: 0 });
      expect(await a.lock.state(), 'lock: after lock() the holder must hold it').toBe('ours');
      expect(await b.lock.state(), 'lock: another process must see it taken').toBe('theirs');
      expect(await stage.files(), 'lock: the lock file must exist while held').toContain(
        'jobs.lock',
      );
      await a.lock.unlock();
      expect(await stage.files(), 'lock: release must leave none of its files behind').toEqual([]);
      expect(await b.lock.state(), 'lock: after release another process must see it free').toBe(
        'unlocked',
      );
      expect(
        a.logger.complaints(),
        'lock: an ordinary acquire and release logs no warning',
      ).toEqual([]);
    },
  },
  {
    title: 'lock: while one process holds it, another cannot take it and sees the holder',
    async run(stage, expect) {
      const a = stage.lock(0);
      const b = stage.lock(1);
      await a.lock.lock({ timeout: 0 });
      expect(await b.lock.tryLock(), 'lock: tryLock() must fail while another holds it').toBe(
        false,
      );
      expect(
        (await b.lock.details())?.hostname,
        "lock: details() must name the holder's host",
      ).toBe('host-a');
      expect(await a.lock.state(), 'lock: a failed attempt must not disturb the holder').toBe(
        'ours',
      );
    },
  },
  {
    title: 'lock: a waiter takes the lock when the holder releases it, not before',
    async run(stage, expect) {
      const a = stage.lock(0);
      const b = stage.lock(1);
      await a.lock.lock({ timeout: 0 });
      let acquired = false;
      const waiting = b.lock.lock();
      waiting.then(
        () => {
          acquired = true;
        },
        () => undefined,
      );
      await stage.clock.sleep(stage.timing.heldForMs);
      expect(acquired, 'lock: a waiter must not get the lock while it is held').toBe(false);
      await a.lock.unlock();
      await waiting;
      expect(await b.lock.state(), 'lock: the waiter must hold it after the release').toBe('ours');
      expect(await a.lock.state(), 'lock: the former holder must see the new holder').toBe(
        'theirs',
      );
      expect(
        [...a.logger.complaints(), ...b.logger.complaints()],
        'lock: an ordinary hand-off logs no warning',
      ).toEqual([]);
    },
  },
  {
    title: 'lock: two processes taking turns never hold it at once',
    async run(stage, expect) {
      const rounds = 5;
      let inside = 0;
      let overlapped = false;
      let entries = 0;
      const worker = async (view: 0 | 1) => {
        const { lock } = stage.lock(view);
        for (let round = 0; round < rounds; round += 1) {
          await lock.lock();
          inside += 1;
          entries += 1;
          overlapped ||= inside > 1;
          await stage.clock.sleep(100);
          inside -= 1;
          await lock.unlock();
        }
      };
      await Promise.all([worker(0), worker(1)]);
      expect(overlapped, 'lock: two holders at once (mutual exclusion broken)').toBe(false);
      expect(entries, 'lock: every attempt must eventually get the lock').toBe(2 * rounds);
      expect(await stage.files(), 'lock: taking turns must leave nothing behind').toEqual([]);
    },
  },
];
