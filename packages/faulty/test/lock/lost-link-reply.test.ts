import { describe, expect, it, onTestFailed } from 'vitest';
import { FaultyFs } from '../../src/index.js';
import { LOCK, stage } from './stage.js';

// NFS: the server made the link, the reply was lost, and the retransmission answered EEXIST
// (or, on a soft mount, the client gave up with EIO).
describe('a lost reply to link() (H3)', () => {
  for (const errno of ['EEXIST', 'EIO']) {
    it(`with ${errno} after the link took effect, the lock is held and reported held`, async () => {
      const { disk, processOn, files } = stage();
      const fs = new FaultyFs(disk, { rules: [{ op: 'link', path: LOCK, errno, phase: 'after' }] });
      fs.printOnFailure(onTestFailed);
      const { lock, logger } = processOn(fs, 'a');

      await lock.lock({ timeout: 0 });

      expect(fs.history().find((entry) => entry.op === 'link')).toMatchObject({
        outcome: errno,
        injected: true,
        tookEffect: true,
      });
      expect(lock.held).toBe(true);
      expect(await lock.isLocked()).toBe(true);
      expect(await lock.state()).toBe('ours');
      expect(logger.alarms()).toEqual([]);
      await lock.unlock();
      expect(files()).toEqual([]);
    });
  }
});
