import { granularityOf, pause, sampleMtimes, unitOf } from '../support/mtime-samples.js';
import type { CaseGroup } from './adapter-case.js';

/** How long past the declared resolution an mtime may stay put before it counts as standing still. */
const STANDING_STILL_MS = 2_000;

/** How long the finest-grained sampling may take before it gives up looking for a second value. */
const SAMPLING_BUDGET_MS = 1_500;

/**
 * In filesystem time (the lock's default) a process reads the file server's clock from the
 * mtime of a file it has just created, with `mtimeResolutionMs` as the error bound, and judges
 * every expiry on that clock. So mtimes must count milliseconds, be as fine as declared, and
 * move forward when files are written later: a lock believes what they say.
 */
export const timeCases: CaseGroup = {
  name: 'time',
  cases: [
    {
      title: 'time: mtimeMs counts milliseconds since 1970 (not seconds, not microseconds)',
      async run({ fs, path, expect }) {
        await fs.writeFile(path('a'), 'x');
        const { mtimeMs } = await fs.stat(path('a'));
        expect(
          unitOf(mtimeMs),
          'time: mtimeMs must count milliseconds since 1970 (the lock reads the server clock from it)',
        ).toBe('milliseconds');
      },
    },
    {
      title: 'time: mtimes are as fine as capabilities.mtimeResolutionMs declares',
      advisory: true,
      async run({ fs, path, expect }) {
        const declared = fs.capabilities.mtimeResolutionMs;
        // Two values at least; eight files, so that fine times falling on round numbers by
        // chance (1 in 10 each) cannot pass for coarse ones.
        const sampling = await sampleMtimes(fs, path, {
          distinct: 2,
          count: 8,
          budgetMs: SAMPLING_BUDGET_MS + 2 * Math.max(declared, 1_000),
        });
        // One value throughout: the clock stood still, which the next case judges.
        if (sampling.distinct < 2) return;
        const step = granularityOf(sampling.mtimes);
        expect(
          declared,
          `time: capabilities.mtimeResolutionMs must not be finer than the mtimes, which are all whole multiples of ${step} ms`,
        ).toBeGreaterThanOrEqual(step);
      },
    },
    {
      title: 'time: mtimes move forward (a file written later, a write into a file)',
      async run({ fs, path, expect }) {
        await fs.writeFile(path('first'), 'first');
        const first = (await fs.stat(path('first'))).mtimeMs;
        // Tried again and again, as long as a clock coarser than declared (the case above)
        // could still be in the first one's tick: this case is about mtimes standing still.
        const budgetMs = Math.max(fs.capabilities.mtimeResolutionMs, 1) + STANDING_STILL_MS;
        const later = await laterMtime(first, budgetMs, async (i) => {
          await fs.writeFile(path(`later-${i}`), 'later');
          return (await fs.stat(path(`later-${i}`))).mtimeMs;
        });
        expect(
          later > first,
          `time: a file created later must have a later mtime (${first}, then ${later})`,
        ).toBe(true);
        const rewritten = await laterMtime(first, budgetMs, async (i) => {
          await fs.writeAt(path('first'), 0, `FIRST${i}`);
          // Through read: its stats come from the open, fresher than a cached stat.
          return (await fs.read(path('first'), { maxBytes: 64 })).stats.mtimeMs;
        });
        expect(
          rewritten > first,
          `time: writing into a file must move its mtime forward (${first}, then ${rewritten})`,
        ).toBe(true);
      },
    },
  ],
};

/**
 * The first mtime `attempt` reports that is later than `first`, trying every 20 ms (a fine clock
 * passes at once) until `budgetMs` has passed; the last one seen if none was.
 */
async function laterMtime(
  first: number,
  budgetMs: number,
  attempt: (i: number) => Promise<number>,
): Promise<number> {
  const deadline = Date.now() + budgetMs;
  for (let i = 0; ; i += 1) {
    await pause(20);
    const mtimeMs = await attempt(i);
    if (mtimeMs > first || Date.now() >= deadline) return mtimeMs;
  }
}
