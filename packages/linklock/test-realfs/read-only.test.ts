import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLock, parseRecord } from 'linklock';
import { describe, expect, it } from 'vitest';
import { eventsOf, nextEvent, sleep, spawnFaultFixture, until } from './child-events.js';
import { expiresField } from './lock-record.js';
import {
  availableKinds,
  remountReadOnly,
  remountReadWrite,
  type SmallFilesystem,
  useSmallFilesystems,
} from './small-filesystem.js';

// The lock's filesystem remounted read-only under a holder and its waiters (docs/errors.md:
// EROFS propagates): a 256 KiB tmpfs, and a 4 MiB ext4 image on a loop device, remounted with
// `mount -o remount,ro` by the test. Root only (mount); no FUSE mounts.
//
// What happens: the holder's refresh fails with EROFS; it is retried and the holder warned at
// each try; at expiry the holder is told ECOMPROMISED, with EROFS as its cause. Its lock file
// stays as it was, a complete record. A waiter meets EROFS at its next write (its claim's
// renewal, every third of its lifetime, or a break) and its lock() rejects with it: no waiter
// hangs. A waiter's claim file cannot be removed on a read-only filesystem; the next process
// to break the lock, once writable again, sweeps it.
const mount = useSmallFilesystems();

const kinds = availableKinds('read-only.test.ts');

function claimsIn(fs: SmallFilesystem): string[] {
  return readdirSync(fs.dir).filter((name) => name.startsWith('jobs.lock.claim.'));
}

function holderOn(fs: SmallFilesystem, lifetime: number) {
  return spawnFaultFixture('fault-holder', [
    join(fs.dir, 'jobs.lock'),
    '--lifetime',
    String(lifetime),
    '--clock-slop',
    '300',
  ]);
}

/**
 * A process waiting for the lock with no timeout, giving up at its first filesystem error. A
 * waiter writes while it waits only to renew its claim, every third of its lifetime, or to
 * break an expired lock: that is when it meets EROFS (with the default lifetime, within 5 s).
 */
function waiterOn(fs: SmallFilesystem, name: string) {
  const counter = join(fs.outside, 'counter');
  writeFileSync(counter, '0\n');
  return spawnFaultFixture('fault-contender', [
    join(fs.dir, 'jobs.lock'),
    counter,
    join(fs.outside, `${name}.log`),
    '1',
    '--max-failures',
    '1',
    '--lifetime',
    '1500',
    '--clock-slop',
    '300',
  ]);
}

describe('the filesystem remounted read-only', () => {
  it.each(kinds)(
    '%s, past the holder’s lifetime: the holder is warned, then told ECOMPROMISED; waiters get EROFS, not a hang; the lock file is intact, and once writable the lock works and nothing is left',
    async (kind) => {
      const fs = mount(kind);
      const lockfile = join(fs.dir, 'jobs.lock');
      const holder = holderOn(fs, 1_500);
      await nextEvent(holder, 'held', 10_000);
      const waiters = [waiterOn(fs, 'w1'), waiterOn(fs, 'w2')];
      const everyone = [holder, ...waiters];
      // Both waiters are in lock(): each has made its claim file.
      await until(() => claimsIn(fs).length === 3, 10_000, 'three claim files', everyone);
      const recordBefore = readFileSync(lockfile, 'utf8');
      await remountReadOnly(fs);

      const readOnlyAt = performance.now();
      const exits = await Promise.all(waiters.map((waiter) => waiter.waitForExit(15_000)));
      console.info(
        `${kind}: the waiters got EROFS within ${Math.round(performance.now() - readOnlyAt)} ms of the remount (lifetimes 1.5 s, slop 0.3 s)`,
      );
      expect(exits.map((exit) => exit.code)).toEqual([0, 0]);
      for (const waiter of waiters) {
        expect(eventsOf(waiter).map((event) => [event.event, event.code])).toEqual([
          ['failed', 'EROFS'],
          ['gave-up', undefined],
        ]);
      }
      const compromised = await nextEvent(holder, 'compromised', 10_000);
      expect(compromised).toEqual({ event: 'compromised', code: 'ECOMPROMISED', cause: 'EROFS' });
      const warned = eventsOf(holder).filter((event) => event.event === 'refresh-failed');
      expect(warned.length).toBeGreaterThanOrEqual(1);
      expect(new Set(warned.map((event) => event.code))).toEqual(new Set(['EROFS']));

      // Nothing corrupted: the holder's record, whole, as last refreshed before the remount.
      const record = readFileSync(lockfile, 'utf8');
      expect(record.split('\nexpires ')[0]).toBe(recordBefore.split('\nexpires ')[0]);
      expect(record).toMatch(/\nexpires \d{16}\n$/);
      // (Read as text: details() and state() measure the server's clock first, for an expiry
      // written on it, with a probe file, which a read-only filesystem refuses: EROFS.)
      expect(parseRecord(record)).toMatchObject({ pid: holder.pid });

      remountReadWrite(fs);
      holder.child.kill('SIGUSR2');
      expect(await nextEvent(holder, '(released|unlock-failed)', 10_000)).toEqual({
        event: 'unlock-failed',
        code: 'ECOMPROMISED',
      });
      expect((await holder.waitForExit(10_000)).code).toBe(0);
      // The holder is gone: the next process breaks its lock at once, and sweeps the claims.
      const next = createLock(lockfile);
      expect(await next.tryLock()).toBe(true);
      await next.unlock();
      expect(readdirSync(fs.dir)).toEqual([]);
    },
    30_000,
  );

  it('for less than a lifetime: the holder is warned, its own refresh() rejected with EROFS, and it keeps its lock', async () => {
    const fs = mount('tmpfs');
    const lockfile = join(fs.dir, 'jobs.lock');
    const holder = holderOn(fs, 3_000);
    await nextEvent(holder, 'held', 10_000);
    await remountReadOnly(fs);
    expect((await nextEvent(holder, 'refresh-failed', 10_000)).code).toBe('EROFS');
    // A refresh the holder asks for itself is rejected with the filesystem's error.
    holder.child.kill('SIGWINCH');
    expect(await nextEvent(holder, 'refresh(ed|-rejected)', 10_000)).toEqual({
      event: 'refresh-rejected',
      code: 'EROFS',
    });
    const expiresWhenFailed = expiresField(lockfile);
    remountReadWrite(fs);
    // The next refresh, a third of a lifetime later, succeeds; two more follow.
    await sleep(3_000);
    expect(expiresField(lockfile)).toBeGreaterThan(expiresWhenFailed + 1_500);
    expect(await createLock(lockfile).state()).toBe('theirs');
    holder.child.kill('SIGUSR2');
    await nextEvent(holder, '(released|unlock-failed)', 10_000);
    const events = eventsOf(holder).map((event) => event.event);
    expect(events.filter((event) => event !== 'refresh-failed')).toEqual([
      'held',
      'refresh-rejected',
      'released',
    ]);
    expect(readdirSync(fs.dir)).toEqual([]);
  }, 30_000);
});
