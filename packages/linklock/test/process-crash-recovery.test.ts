import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FixtureProcess,
  killAllFixtures,
  type SeenLine,
  spawnFixture,
} from './support/fixture-process.js';

// A holder is SIGKILLed while it holds the lock (no cleanup runs, as after an OOM kill); a
// waiter started afterwards must take the lock over, at once when the holder provably died on
// this host (docs/hazards.md, H12), and only after expiry + clock slop when it cannot tell (the
// holder poses as another host).

/** Generous bounds for steps that are not what is being measured (Node startup, a loaded CI box). */
const START_MS = 15_000;
const EXIT_MS = 15_000;

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'linklock-crash-'));
});

afterEach(async () => {
  await killAllFixtures();
  rmSync(dir, { recursive: true, force: true });
});

interface WaiterReport {
  /** From the waiter's lock() call to its acquisition. */
  elapsedMs: number;
  /** When it acquired, on process.hrtime.bigint() (CLOCK_MONOTONIC, shared with this process). */
  acquiredAtNs: bigint;
}

/** Starts the holder and resolves once it holds the lock, with the moment we saw its HELD. */
async function startHolder(
  lockPath: string,
  flags: string[],
): Promise<{ holder: FixtureProcess; held: SeenLine }> {
  const holder = spawnFixture('holder', [lockPath, ...flags]);
  const held = await holder.waitForLine(/^HELD$/, START_MS);
  return { holder, held };
}

/** SIGKILLs the holder and waits until it is reaped: a zombie's pid still answers kill(pid, 0). */
async function crash(holder: FixtureProcess): Promise<void> {
  const exit = await holder.kill('SIGKILL');
  expect(exit.signal, holder.transcript()).toBe('SIGKILL');
}

/** Runs the waiter to the end and returns what it reported. */
async function runWaiter(lockPath: string, flags: string[]): Promise<WaiterReport> {
  const waiter = spawnFixture('waiter', [lockPath, ...flags]);
  const line = await waiter.waitForLine(/^\{/, START_MS + 10_000);
  const exit = await waiter.waitForExit(EXIT_MS);
  expect(exit, waiter.transcript()).toEqual({ code: 0, signal: null });
  const report = JSON.parse(line.text) as { elapsedMs: number; acquiredAtNs: string };
  return { elapsedMs: report.elapsedMs, acquiredAtNs: BigInt(report.acquiredAtNs) };
}

describe('a holder process killed while holding the lock', () => {
  it('same host: the waiter takes over at once, since the holder provably died', async () => {
    const lockPath = join(dir, 'jobs.lock');
    // Default lifetime (15 s) and slop (10 s): waiting them out would take 25 s.
    const { holder } = await startHolder(lockPath, []);
    await crash(holder);

    // The timeout turns "waits out the expiry instead" into a quick failure with the waiter's stderr.
    const report = await runWaiter(lockPath, ['--timeout', '10000']);
    expect(report.elapsedMs).toBeLessThan(1_000);

    // Breaking the dead holder's lock removed its claim file too (H11): nothing is left.
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('another host: the waiter waits for expiry + clock slop, then takes over', async () => {
    const lockPath = join(dir, 'jobs.lock');
    const lifetime = 1_500;
    const clockSlop = 500;
    const timing = ['--lifetime', String(lifetime), '--clock-slop', String(clockSlop)];
    // The holder poses as host-a, the waiter as host-b: the waiter cannot check whether the
    // holder's pid is alive, so it must treat the lock as live until it expires.
    const { holder, held } = await startHolder(lockPath, ['--hostname', 'host-a', ...timing]);
    await crash(holder);

    const report = await runWaiter(lockPath, [
      '--hostname',
      'host-b',
      ...timing,
      '--timeout',
      '10000',
    ]);

    // The holder acquired shortly before printing HELD, and had no time to refresh (the first
    // refresh is due lifetime/3 after acquisition; it was killed at once), so its lock became
    // breakable about lifetime + slop after HELD. The tolerance covers the few milliseconds
    // between its acquisition and our reading of HELD.
    const afterHeldMs = Number(report.acquiredAtNs - held.atNs) / 1e6;
    expect(afterHeldMs).toBeGreaterThanOrEqual(lifetime + clockSlop - 100);
    expect(afterHeldMs).toBeLessThan(10_000);

    // The dead holder's claim file went with its lock (H11).
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);
});
