import { describe, expect, it, onTestFailed } from 'vitest';
import { FaultyFs } from '../../src/index.js';
import { stage } from './stage.js';

describe('ENOSPC when writing the claim file', () => {
  for (const phase of ['before', 'after'] as const) {
    it(`(${phase} the write took effect) rejects with ENOSPC and leaves no file behind`, async () => {
      const { disk, processOn, files } = stage();
      const fs = new FaultyFs(disk, {
        rules: [{ op: 'writeFile', path: /\.claim\./, errno: 'ENOSPC', phase, times: 1 }],
      });
      fs.printOnFailure(onTestFailed);
      const { lock } = processOn(fs, 'a');

      const error = await lock.lock().catch((e: unknown) => e);

      expect(error).toMatchObject({
        code: 'ENOSPC',
        syscall: 'open',
        path: expect.stringMatching(/\.claim\./),
      });
      expect(lock.held).toBe(false);
      expect(files()).toEqual([]);
      // The next attempt, with space again, works.
      await lock.lock();
      await lock.unlock();
      expect(files()).toEqual([]);
    });
  }
});
