import { errorCode } from '@linklock/core';
import { rejectionOf } from '../support/outcome.js';
import type { LockCase } from './lock-case.js';

/** A holder that stops refreshing loses the lock after its lifetime and the slop, never before. */
export const expiryCases: readonly LockCase[] = [
  {
    title: 'lock: a lock past its lifetime but within the clock slop is not broken',
    async run(stage, expect) {
      const a = stage.lock(0, stage.short);
      const b = stage.lock(1, stage.short);
      await a.lock.lock({ timeout: 0 });
      await stage.clock.sleep(stage.timing.shortLifetimeMs + stage.timing.clockSlopMs / 2);
      expect(await b.lock.tryLock(), 'lock: must not break a lock within lifetime + slop').toBe(
        false,
      );
      expect(await a.lock.state(), 'lock: the holder must still hold it within the slop').not.toBe(
        'theirs',
      );
    },
  },
  {
    title:
      'lock: an expired lock is broken and taken; its old owner gets ECOMPROMISED at unlock, the new lock untouched',
    async run(stage, expect) {
      const a = stage.lock(0, stage.short);
      const b = stage.lock(1, stage.short);
      await a.lock.lock({ timeout: 0 });
      await stage.clock.sleep(stage.breakableAfterMs + stage.timing.expiredByMs);
      expect(await b.lock.state(), 'lock: past lifetime + slop the lock must be breakable').toBe(
        'theirs-expired',
      );
      expect(await b.lock.tryLock(), 'lock: an expired lock must be broken and taken').toBe(true);
      const taken = await stage.lockFileContent();
      const error = await rejectionOf(a.lock.unlock());
      expect(errorCode(error), 'lock: unlock of a lost lock must reject with ECOMPROMISED').toBe(
        'ECOMPROMISED',
      );
      expect(
        await stage.lockFileContent(),
        "lock: unlock of a lost lock must leave the new owner's file untouched",
      ).toBe(taken);
      expect(await b.lock.state(), 'lock: the new owner must still hold it').toBe('ours');
      await b.lock.unlock();
      expect(await stage.files(), 'lock: after the break and release nothing is left').toEqual([]);
    },
  },
  {
    title: 'lock: refresh() moves the expiry forward for the other process too',
    async run(stage, expect) {
      const a = stage.lock(0, stage.short);
      const b = stage.lock(1, stage.short);
      await a.lock.lock({ timeout: 0 });
      const step = stage.breakableAfterMs * 0.6;
      await stage.clock.sleep(step);
      await a.lock.refresh();
      await stage.clock.sleep(step);
      expect(
        await b.lock.tryLock(),
        'lock: a refreshed lock must not be broken (the new expiry must reach the lock file)',
      ).toBe(false);
      expect(await a.lock.state(), 'lock: the refreshed holder must still hold it').toBe('ours');
    },
  },
];
