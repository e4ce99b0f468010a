import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventsOf, nextEvent, spawnFaultFixture } from './child-events.js';
import { readJournal } from './fenced-journal.mjs';
import { useSmallFilesystems } from './small-filesystem.js';

// A holder stopped (SIGSTOP) past its lifetime, as a long pause or a suspended virtual machine
// stops one, then continued (SIGCONT) (docs/guarantees.md, "Fencing tokens"): another process
// takes the lock over after expiry + slop; the stopped one, its write already under way,
// writes late, and learns ECOMPROMISED at its next refresh or at unlock. With fencing, the
// resource (fenced-journal.mjs, an append-only journal that refuses lower tokens) refuses that
// late write, while the new holder's writes are accepted. The lock lives on a tmpfs of the
// test's own; root only (mount); no FUSE mounts.
const mount = useSmallFilesystems();

const SHORT = ['--lifetime', '1000', '--clock-slop', '300'];

describe('a holder stopped past its lifetime', () => {
  it('the next holder takes over with a higher token; the stopped one’s late write is refused and it learns ECOMPROMISED; the next holder’s lock is untouched', async () => {
    const fs = mount('tmpfs');
    const lockfile = join(fs.dir, 'jobs.lock');
    const journal = join(fs.outside, 'journal');
    const stopped = spawnFaultFixture('fenced-writer', [lockfile, journal, 'A', ...SHORT]);
    const first = await nextEvent(stopped, 'held', 10_000);
    expect(first.write).toBe('accepted');
    stopped.child.kill('SIGSTOP');
    const stoppedAt = performance.now();

    const next = spawnFaultFixture('fenced-writer', [lockfile, journal, 'B', ...SHORT]);
    const taken = await nextEvent(next, 'held', 15_000);
    // Not before the stopped holder's lease ran out (lifetime 1 s from its last refresh, at
    // most a third of it before the stop) and the slop after it.
    expect(performance.now() - stoppedAt).toBeGreaterThan(500);
    expect(taken.token).toBeGreaterThan(first.token ?? Number.POSITIVE_INFINITY);
    expect(taken.write).toBe('accepted');

    // Continued, it finishes the write it had under way, then unlocks.
    stopped.child.kill('SIGCONT');
    stopped.child.kill('SIGUSR2');
    const late = await nextEvent(stopped, 'second-write', 10_000);
    expect(late.write).toBe('refused');
    expect(await nextEvent(stopped, '(released|unlock-failed)', 10_000)).toEqual({
      event: 'unlock-failed',
      code: 'ECOMPROMISED',
    });
    expect((await stopped.waitForExit(10_000)).code, stopped.transcript()).toBe(0);
    // Auto-refresh may have found the loss first (onCompromised); never anything else.
    const told = eventsOf(stopped).filter((event) => event.event === 'compromised');
    expect(told.length).toBeLessThanOrEqual(1);
    expect(told.every((event) => event.code === 'ECOMPROMISED')).toBe(true);

    // The new holder still holds: the stopped one's unlock left its lock alone.
    next.child.kill('SIGUSR2');
    expect(await nextEvent(next, 'second-write', 10_000)).toEqual({
      event: 'second-write',
      write: 'accepted',
      stillHeld: true,
    });
    expect((await nextEvent(next, '(released|unlock-failed)', 10_000)).event).toBe('released');
    expect((await next.waitForExit(10_000)).code, next.transcript()).toBe(0);

    const { accepted, refused } = readJournal(journal);
    expect(accepted.map((entry) => [entry.token, entry.text])).toEqual([
      [first.token, 'A first'],
      [taken.token, 'B first'],
      [taken.token, 'B second'],
    ]);
    expect(refused.map((entry) => [entry.token, entry.text])).toEqual([[first.token, 'A second']]);
    // No lock file and no claim left; the fencing counter and its latest witnesses stay.
    expect(readdirSync(fs.dir).filter((name) => !name.startsWith('jobs.lock.fence'))).toEqual([]);
  }, 30_000);
});
