import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLock } from 'linklock';
import { describe, expect, it } from 'vitest';
import {
  describeOverlap,
  findOverlaps,
  parseCriticalSections,
} from '../test/fixtures/critical-sections.mjs';
import { loggedProblems } from '../test/support/fixture-process.js';
import {
  type ChildEvent,
  eventsOf,
  nextEvent,
  sleep,
  spawnFaultFixture,
  until,
} from './child-events.js';
import { expiresField } from './lock-record.js';
import {
  availableKinds,
  entriesBesidesBallast,
  fill,
  freeSpace,
  type SmallFilesystem,
  useSmallFilesystems,
} from './small-filesystem.js';

// A full filesystem under the lock (docs/errors.md: ENOSPC propagates, after the lock's own
// temporary files are removed): on a 256 KiB tmpfs, and on a 4 MiB ext4 image on a loop
// device, filled by the test while processes use the lock. Root only (mount); no FUSE mounts.
//
// What this machine's filesystems do (kernel 6.18): a refresh rewrites the expiry in place, in
// a block the claim file already has, and that never meets ENOSPC on tmpfs or ext4; a process
// that wants the lock cannot even create its claim file, and gets ENOSPC. A refresh does meet
// ENOSPC when it must first measure the file server's clock with a probe file and has no
// estimate it may still use: after the wall clock was stepped (an estimate that is only a minute
// old still serves on a full disk). Then it is retried, the holder is warned, and at expiry it
// is told ECOMPROMISED unless space came back in time.
const mount = useSmallFilesystems();

const kinds = availableKinds('disk-full.test.ts');

function holderOn(fs: SmallFilesystem, lifetime: number) {
  return spawnFaultFixture('fault-holder', [
    join(fs.dir, 'jobs.lock'),
    '--lifetime',
    String(lifetime),
    '--clock-slop',
    '300',
  ]);
}

describe('a full filesystem', () => {
  it('4 processes contending when it fills: acquisitions fail with ENOSPC and leave nothing; once space returns, exact count and no overlap', async () => {
    const fs = mount('tmpfs');
    const counter = join(fs.outside, 'counter');
    writeFileSync(counter, '0\n');
    const logs = [0, 1, 2, 3].map((i) => join(fs.outside, `sections-${i}.log`));
    const contenders = logs.map((log) =>
      spawnFaultFixture('fault-contender', [
        join(fs.dir, 'jobs.lock'),
        counter,
        log,
        '1000000',
        '--hold-ms',
        '5',
      ]),
    );
    const each = async (what: string, done: (events: ChildEvent[]) => boolean) => {
      const seen = contenders.map((child) => eventsOf(child).length);
      await until(
        () => contenders.every((child, i) => done(eventsOf(child).slice(seen[i]))),
        20_000,
        `every contender ${what}`,
        contenders,
      );
    };
    const acquiredThrice = (events: ChildEvent[]) =>
      events.filter((event) => event.event === 'acquired').length >= 3;
    const pauseAll = async () => {
      for (const log of logs) writeFileSync(`${log}.pause`, '');
      await each('paused', (events) => events.some((event) => event.event === 'paused'));
    };
    const resumeAll = () => {
      for (const log of logs) rmSync(`${log}.pause`);
    };

    await each('acquired 3 times', acquiredThrice);
    // Filled while they hold no claim (between two acquisitions): a contender that releases
    // the lock frees its claim file's page and creates its next claim in that page at once, so
    // a disk filled under running contenders lets them go on, each in its own page.
    await pauseAll();
    fill(fs);
    resumeAll();
    await each('failed 3 times in a row', (events) => {
      const last = events.at(-1);
      return last?.event === 'failed' && (last.inARow ?? 0) >= 3;
    });
    await pauseAll();
    // Nothing of the lock's on the full filesystem: no lock file, no claim, no empty file.
    expect(entriesBesidesBallast(fs)).toEqual([]);
    freeSpace(fs);
    resumeAll();
    await each('acquired 3 times once space returned', acquiredThrice);
    for (const log of logs) writeFileSync(`${log}.stop`, '');
    const exits = await Promise.all(contenders.map((child) => child.waitForExit(30_000)));
    const transcripts = contenders.map((child) => child.transcript()).join('');
    expect(
      exits.map((exit) => exit.code),
      transcripts,
    ).toEqual([0, 0, 0, 0]);
    const failures = contenders.flatMap((child) =>
      eventsOf(child).filter((event) => event.event === 'failed'),
    );
    expect(failures.length).toBeGreaterThanOrEqual(12);
    expect(new Set(failures.map((event) => event.code))).toEqual(new Set(['ENOSPC']));
    const acquisitions = contenders.map((child) => eventsOf(child).at(-1)?.acquisitions ?? 0);
    expect(Number(readFileSync(counter, 'utf8'))).toBe(acquisitions.reduce((a, b) => a + b, 0));
    const sections = logs.flatMap(
      (log) => parseCriticalSections(existsSync(log) ? readFileSync(log, 'utf8') : '').sections,
    );
    expect(sections).toHaveLength(acquisitions.reduce((a, b) => a + b, 0));
    expect(findOverlaps(sections).map(describeOverlap)).toEqual([]);
    expect(contenders.flatMap((child) => loggedProblems(child.stderr))).toEqual([]);
    expect(entriesBesidesBallast(fs)).toEqual([]);
  }, 60_000);

  it.each(kinds)(
    '%s: the holder refreshes in place on the full filesystem and keeps its lock; another process gets ENOSPC',
    async (kind) => {
      const fs = mount(kind);
      const lockfile = join(fs.dir, 'jobs.lock');
      const holder = holderOn(fs, 1_200);
      await nextEvent(holder, 'held', 10_000);
      fill(fs);
      const expiresWhenFull = expiresField(lockfile);
      const other = spawnFaultFixture('fault-contender', [
        lockfile,
        join(fs.outside, 'counter'),
        join(fs.outside, 'sections.log'),
        '1',
        '--max-failures',
        '1',
      ]);
      expect((await other.waitForExit(10_000)).code, other.transcript()).toBe(0);
      expect(eventsOf(other).find((event) => event.event === 'failed')?.code).toBe('ENOSPC');
      // Three lifetimes on the full filesystem: nine refreshes, each moving the expiry on.
      await sleep(3_600);
      expect(expiresField(lockfile)).toBeGreaterThan(expiresWhenFull + 2_000);
      const names = entriesBesidesBallast(fs);
      expect(names).toHaveLength(2);
      expect(names[0]).toBe('jobs.lock');
      expect(names[1]).toMatch(/^jobs\.lock\.claim\./);
      holder.child.kill('SIGUSR2');
      expect((await nextEvent(holder, '(released|unlock-failed)', 10_000)).event).toBe('released');
      expect(eventsOf(holder).map((event) => event.event)).toEqual(['held', 'released']);
      expect(loggedProblems(holder.stderr)).toEqual([]);
      expect(entriesBesidesBallast(fs)).toEqual([]);
      freeSpace(fs);
      const next = createLock(lockfile);
      expect(await next.tryLock()).toBe(true);
      await next.unlock();
    },
    30_000,
  );

  it('a refresh that must measure the server clock meets ENOSPC: retried, the holder warned, its own refresh() rejected with ENOSPC; space back before expiry, it keeps the lock', async () => {
    const fs = mount('tmpfs');
    const lockfile = join(fs.dir, 'jobs.lock');
    const holder = holderOn(fs, 3_000);
    await nextEvent(holder, 'held', 10_000);
    fill(fs);
    // A stepped wall clock: the next refresh creates a probe file first, on the full disk.
    holder.child.kill('SIGHUP');
    expect((await nextEvent(holder, 'refresh-failed', 10_000)).code).toBe('ENOSPC');
    // A refresh the holder asks for itself is rejected with the filesystem's error.
    holder.child.kill('SIGWINCH');
    expect(await nextEvent(holder, 'refresh(ed|-rejected)', 10_000)).toEqual({
      event: 'refresh-rejected',
      code: 'ENOSPC',
    });
    const expiresWhenFailed = expiresField(lockfile);
    freeSpace(fs);
    // The next refresh, a third of a lifetime later, succeeds; two more follow.
    await sleep(3_000);
    expect(expiresField(lockfile)).toBeGreaterThan(expiresWhenFailed + 1_500);
    const other = createLock(lockfile);
    expect(await other.state()).toBe('theirs');
    holder.child.kill('SIGUSR2');
    await nextEvent(holder, '(released|unlock-failed)', 10_000);
    const events = eventsOf(holder).map((event) => event.event);
    expect(events.filter((event) => event !== 'refresh-failed')).toEqual([
      'held',
      'refresh-rejected',
      'released',
    ]);
    expect(entriesBesidesBallast(fs)).toEqual([]);
  }, 30_000);

  it('a refresh that meets ENOSPC until expiry: retried, then ECOMPROMISED with ENOSPC as its cause; nothing left, and the next process acquires', async () => {
    const fs = mount('tmpfs');
    const lockfile = join(fs.dir, 'jobs.lock');
    const holder = holderOn(fs, 1_500);
    await nextEvent(holder, 'held', 10_000);
    fill(fs);
    holder.child.kill('SIGHUP');
    const compromised = await nextEvent(holder, 'compromised', 10_000);
    expect(compromised).toEqual({ event: 'compromised', code: 'ECOMPROMISED', cause: 'ENOSPC' });
    const failed = eventsOf(holder).filter((event) => event.event === 'refresh-failed');
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(new Set(failed.map((event) => event.code))).toEqual(new Set(['ENOSPC']));
    // The lost lock was cleaned up (removing needs no space), even on the full filesystem.
    expect(entriesBesidesBallast(fs)).toEqual([]);
    holder.child.kill('SIGUSR2');
    expect(await nextEvent(holder, '(released|unlock-failed)', 10_000)).toEqual({
      event: 'unlock-failed',
      code: 'ECOMPROMISED',
    });
    freeSpace(fs);
    const next = createLock(lockfile);
    expect(await next.tryLock()).toBe(true);
    await next.unlock();
    expect(entriesBesidesBallast(fs)).toEqual([]);
  }, 30_000);
});
