import { errorCode } from '@linklock/core';
import { rejectionOf } from '../support/outcome.js';
import type { LockCase } from './lock-case.js';

const FOREIGN = 'pid=1234\n';

/** Nobody removes what is not theirs: another owner's lock, another program's file. */
export const ownershipCases: readonly LockCase[] = [
  {
    title: "lock: unlock() without holding it rejects with ENOTLOCKED, the holder's file untouched",
    async run(stage, expect) {
      const a = stage.lock(0);
      const b = stage.lock(1);
      await a.lock.lock({ timeout: 0 });
      const held = await stage.lockFileContent();
      const error = await rejectionOf(b.lock.unlock());
      expect(errorCode(error), 'lock: unlock() without holding must reject with ENOTLOCKED').toBe(
        'ENOTLOCKED',
      );
      expect(
        await stage.lockFileContent(),
        "lock: unlock() must never touch another owner's lock file",
      ).toBe(held);
      expect(await a.lock.state(), 'lock: the holder must still hold it').toBe('ours');
    },
  },
  {
    title:
      'lock: a foreign file at the lock path is refused (ELOCKFOREIGN), untouched, no claim left',
    async run(stage, expect) {
      await stage.views[0].writeFile(stage.lockPath, FOREIGN);
      const a = stage.lock(0);
      const b = stage.lock(1);
      const locking = await rejectionOf(a.lock.lock({ timeout: 1_000 }));
      expect(errorCode(locking), 'lock: lock() must refuse a foreign file with ELOCKFOREIGN').toBe(
        'ELOCKFOREIGN',
      );
      const breaking = await rejectionOf(b.lock.break({ force: true }));
      expect(
        errorCode(breaking),
        'lock: break() must refuse a foreign file with ELOCKFOREIGN',
      ).toBe('ELOCKFOREIGN');
      expect(await stage.lockFileContent(), 'lock: a foreign file must be left untouched').toBe(
        FOREIGN,
      );
      expect(await stage.files(), 'lock: refusing a foreign file must leave no claim').toEqual([
        'jobs.lock',
      ]);
    },
  },
];
