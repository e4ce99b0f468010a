import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
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
const TEST_TIMEOUT_MS = 120_000;

let directory: string | undefined;

afterEach(async () => {
  await killAllFixtures();
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
});

describe('processes contending for one lock on the local filesystem', () => {
  it(
    `${PROCESSES} processes x ${ITERATIONS} acquisitions: no lost update, no overlap, no warning, nothing left behind`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'linklock-contention-'));
      directory = dir;
      const lockPath = join(dir, 'counter.lock');
      const counterPath = join(dir, 'counter');
      writeFileSync(counterPath, '0\n');
      const logPaths = Array.from({ length: PROCESSES }, (_, i) => join(dir, `sections-${i}.log`));

      const contenders = logPaths.map((logPath) =>
        spawnFixture('contender', [lockPath, counterPath, String(ITERATIONS), logPath]),
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
      expect(Number(readFileSync(counterPath, 'utf8').trim())).toBe(PROCESSES * ITERATIONS);

      // And, more directly, no two critical sections overlapped in time.
      const parsed = logPaths.map((logPath) =>
        parseCriticalSections(readFileSync(logPath, 'utf8')),
      );
      expect(parsed.flatMap((log) => log.problems)).toEqual([]);
      const sections = parsed.flatMap((log) => log.sections);
      expect(sections).toHaveLength(PROCESSES * ITERATIONS);
      expect(findOverlaps(sections).map(describeOverlap)).toEqual([]);

      // Every process released the lock and removed its claim files: only our own files remain.
      const expected = ['counter', ...logPaths.map((logPath) => basename(logPath))].sort();
      expect(readdirSync(dir).sort()).toEqual(expected);
    },
    TEST_TIMEOUT_MS,
  );
});
