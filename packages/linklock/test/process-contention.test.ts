import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CriticalSection,
  describeOverlap,
  findOverlaps,
  parseCriticalSections,
} from './fixtures/critical-sections.mjs';
import {
  describeExit,
  killAllFixtures,
  loggedProblems,
  spawnFixture,
} from './support/fixture-process.js';

// Real processes, the real filesystem and default lock options: the behaviour a user gets.
// A behaviour test, not a timing one, hence the generous time limit.
const PROCESSES = 8;
const ITERATIONS = 200;
const FAIR_ITERATIONS = 100;
/**
 * Fair waiters queue behind each other, so a process takes the lock again only when nobody
 * waited for it; 2 allows for the others all being between two calls of `lock()` at that
 * moment. (Measured: runs of 1 in 785 sections; the default mode lets one process finish all
 * its acquisitions before the last one has made its first.)
 */
const LONGEST_FAIR_RUN = 2;
const TEST_TIMEOUT_MS = 120_000;

let directory: string | undefined;

afterEach(async () => {
  await killAllFixtures();
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
});

/** What a run of contenders left: their exits and transcripts, the sections, the files. */
async function contend(dir: string, iterations: number, extraArgs: string[] = []) {
  const lockPath = join(dir, 'counter.lock');
  const counterPath = join(dir, 'counter');
  writeFileSync(counterPath, '0\n');
  const logPaths = Array.from({ length: PROCESSES }, (_, i) => join(dir, `sections-${i}.log`));
  const contenders = logPaths.map((logPath) =>
    spawnFixture('contender', [lockPath, counterPath, String(iterations), logPath, ...extraArgs]),
  );
  const exits = await Promise.all(
    contenders.map((child) => child.waitForExit(TEST_TIMEOUT_MS - 10_000)),
  );
  for (const [i, child] of contenders.entries()) {
    expect(describeExit(exits[i]), child.transcript()).toBe('exit code 0');
  }
  // A run with no crash logs nothing at warn or error level (docs/guarantees.md: hygiene).
  expect(contenders.flatMap((child) => loggedProblems(child.stderr))).toEqual([]);

  // The increment is a non-atomic read-modify-write: any lapse of exclusion loses updates.
  expect(Number(readFileSync(counterPath, 'utf8').trim())).toBe(PROCESSES * iterations);

  // And, more directly, no two critical sections overlapped in time.
  const parsed = logPaths.map((logPath) => parseCriticalSections(readFileSync(logPath, 'utf8')));
  expect(parsed.flatMap((log) => log.problems)).toEqual([]);
  const sections = parsed.flatMap((log) => log.sections);
  expect(sections).toHaveLength(PROCESSES * iterations);
  expect(findOverlaps(sections).map(describeOverlap)).toEqual([]);

  // Every process released the lock and removed its claim files: only our own files remain.
  const expected = ['counter', ...logPaths.map((logPath) => basename(logPath))].sort();
  expect(readdirSync(dir).sort()).toEqual(expected);
  return sections;
}

/**
 * The longest run of sections by one process while every process was at work (from the last
 * one's first section to the first one's last): how many times in a row a process took the
 * lock while the others waited for it; and how many sections fell in that time.
 */
function longestRunWhileAllWork(all: readonly CriticalSection[]): {
  longest: number;
  sections: number;
} {
  const byStart = [...all].sort((a, b) => (a.start < b.start ? -1 : 1));
  const firstStart = new Map<number, bigint>();
  const lastStart = new Map<number, bigint>();
  for (const section of byStart) {
    if (!firstStart.has(section.pid)) firstStart.set(section.pid, section.start);
    lastStart.set(section.pid, section.start);
  }
  const ascending = (a: bigint, b: bigint) => (a < b ? -1 : 1);
  const from = [...firstStart.values()].sort(ascending).at(-1) as bigint;
  const until = [...lastStart.values()].sort(ascending)[0] as bigint;
  const during = byStart.filter((section) => section.start >= from && section.start < until);
  let longest = 0;
  let run = 0;
  let previous: number | undefined;
  for (const section of during) {
    run = section.pid === previous ? run + 1 : 1;
    previous = section.pid;
    longest = Math.max(longest, run);
  }
  return { longest, sections: during.length };
}

describe('processes contending for one lock on the local filesystem', () => {
  it(
    `${PROCESSES} processes x ${ITERATIONS} acquisitions: no lost update, no overlap, no warning, nothing left behind`,
    async () => {
      directory = mkdtempSync(join(tmpdir(), 'linklock-contention-'));
      await contend(directory, ITERATIONS);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    `fair: true, ${PROCESSES} processes x ${FAIR_ITERATIONS}: the same, and no process takes the lock many times in a row while the others wait`,
    async () => {
      directory = mkdtempSync(join(tmpdir(), 'linklock-contention-fair-'));
      const startAt = process.hrtime.bigint() + 2_000_000_000n; // all started by then
      const sections = await contend(directory, FAIR_ITERATIONS, [
        '--fair',
        ...['--start-at', String(startAt)],
      ]);
      const { longest, sections: seen } = longestRunWhileAllWork(sections);
      // Most turns fall while all work: a lock that let one process run ahead would not.
      expect(seen).toBeGreaterThan((PROCESSES * FAIR_ITERATIONS) / 2);
      expect(longest).toBeLessThanOrEqual(LONGEST_FAIR_RUN);
    },
    TEST_TIMEOUT_MS,
  );
});
