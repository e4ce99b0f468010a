import { errorCode } from '@linklock/core';
import { rejectionOf } from '../support/outcome.js';
import type { LockCase } from './lock-case.js';

/** Waits that end without the lock: every exit other than success removes the waiter's claim. */
export const waitingCases: readonly LockCase[] = [
  {
    title:
      'lock: gives up at its timeout with ELOCKTIMEOUT, its claim removed, the holder unaffected',
    async run(stage, expect) {
      const a = stage.lock(0);
      const b = stage.lock(1);
      await a.lock.lock({ timeout: 0 });
      const error = await rejectionOf(b.lock.lock({ timeout: stage.timing.waitTimeoutMs }));
      expect(errorCode(error), 'lock: a wait past its timeout must reject with ELOCKTIMEOUT').toBe(
        'ELOCKTIMEOUT',
      );
      expect(
        await stage.claimsOf(b.hostname),
        'lock: a timed-out waiter must remove its claim',
      ).toEqual([]);
      expect(await a.lock.state(), "lock: a waiter's timeout must not disturb the holder").toBe(
        'ours',
      );
    },
  },
  {
    title: 'lock: an aborted wait rejects with AbortError, its claim removed',
    async run(stage, expect) {
      const a = stage.lock(0);
      const b = stage.lock(1);
      await a.lock.lock({ timeout: 0 });
      const controller = new AbortController();
      const waiting = rejectionOf(b.lock.lock({ signal: controller.signal }));
      await stage.clock.sleep(stage.timing.abortAfterMs);
      controller.abort(new Error('shutting down'));
      const error = (await waiting) as { name?: string; code?: string } | undefined;
      expect(error?.name, 'lock: an aborted wait must reject with an AbortError').toBe(
        'AbortError',
      );
      expect(error?.code, 'lock: the AbortError must have code ABORT_ERR').toBe('ABORT_ERR');
      expect(
        await stage.claimsOf(b.hostname),
        'lock: an aborted waiter must remove its claim',
      ).toEqual([]);
      expect(await a.lock.state(), "lock: a waiter's abort must not disturb the holder").toBe(
        'ours',
      );
    },
  },
];
