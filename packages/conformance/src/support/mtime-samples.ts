import type { FsAdapter } from '@linklock/core';

/** Milliseconds since 1970 of 2000-01-01 and 2200-01-01: where a time in milliseconds falls. */
const PLAUSIBLE_MS: readonly [number, number] = [946_684_800_000, 7_258_118_400_000];

/**
 * What unit `mtimeMs` looks like it counts, as one comparable word: `'milliseconds'` when it is
 * a date between 2000 and 2200 in milliseconds; else the unit it would be a date in
 * (`'seconds (1749945600 is 2025-06-15T00:00:00.000Z in seconds)'`), or what it is not.
 */
export function unitOf(mtimeMs: number): string {
  if (!Number.isFinite(mtimeMs)) return `not a number (${mtimeMs})`;
  if (plausible(mtimeMs)) return 'milliseconds';
  for (const [unit, perMs] of [
    ['seconds', 1e-3],
    ['microseconds', 1e3],
    ['nanoseconds', 1e6],
  ] as const) {
    const asMs = mtimeMs / perMs;
    if (plausible(asMs))
      return `${unit} (${mtimeMs} is ${new Date(asMs).toISOString()} in ${unit})`;
  }
  return `not a date between 2000 and 2200 in any unit (${mtimeMs})`;
}

function plausible(ms: number): boolean {
  return ms >= PLAUSIBLE_MS[0] && ms <= PLAUSIBLE_MS[1];
}

/** Steps of mtime granularity worth naming, coarsest first (FAT, sshfs, ..., whole ms). */
const GRANULARITIES = [2_000, 1_000, 100, 10, 1] as const;

/**
 * The coarsest step every mtime is a whole multiple of (2000, 1000, 100, 10 or 1 ms), or 0 when
 * they have fractions of a millisecond. Meaningful with two different values or more: a single
 * value is a multiple of anything it happens to be.
 */
export function granularityOf(mtimes: readonly number[]): number {
  const multiple = (value: number, step: number) =>
    Math.abs(value / step - Math.round(value / step)) < 1e-9;
  return GRANULARITIES.find((step) => mtimes.every((value) => multiple(value, step))) ?? 0;
}

export interface MtimeSampling {
  /** The mtimes of fresh files, in the order they were written. */
  mtimes: number[];
  /** How many different values they took. */
  distinct: number;
}

/**
 * The mtimes of fresh files written a few milliseconds apart (uneven gaps, so fine-grained
 * times do not fall on round numbers), until `distinct` different values and `count` files
 * are in, or `budgetMs` of real time has passed: a filesystem that floors to whole seconds
 * shows its second value within a second, a fine one within milliseconds.
 */
export async function sampleMtimes(
  fs: FsAdapter,
  pathOf: (name: string) => string,
  { distinct, count, budgetMs }: { distinct: number; count: number; budgetMs: number },
): Promise<MtimeSampling> {
  const mtimes: number[] = [];
  const deadline = Date.now() + budgetMs;
  for (let i = 0; ; i += 1) {
    const path = pathOf(`mtime-${i}`);
    await fs.writeFile(path, String(i));
    mtimes.push((await fs.stat(path)).mtimeMs);
    const seen = new Set(mtimes).size;
    if ((seen >= distinct && mtimes.length >= count) || Date.now() >= deadline) {
      return { mtimes, distinct: seen };
    }
    await pause(3 + (i % 5) * 2);
  }
}

/** Resolves after `ms` of real time. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
