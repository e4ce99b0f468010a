import { granularityOf, pause, sampleMtimes, unitOf } from '../support/mtime-samples.js';
import type { CaseGroup } from './adapter-case.js';

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
      title: 'time: a file written later than mtimeResolutionMs gets a later mtime',
      async run({ fs, path, expect }) {
        await fs.writeFile(path('first'), 'first');
        const first = (await fs.stat(path('first'))).mtimeMs;
        // Beyond one step of the declared resolution, whatever the phase of the first stamp.
        await pause(Math.max(fs.capabilities.mtimeResolutionMs, 1) + 20);
        await fs.writeFile(path('second'), 'second');
        const second = (await fs.stat(path('second'))).mtimeMs;
        expect(
          second > first,
          `time: a file created later must have a later mtime (${first}, then ${second})`,
        ).toBe(true);
        await fs.writeAt(path('first'), 0, 'FIRST');
        // Through read: its stats come from the open, fresher than a cached stat.
        const rewritten = (await fs.read(path('first'), { maxBytes: 64 })).stats.mtimeMs;
        expect(
          rewritten > first,
          `time: writing into a file must move its mtime forward (${first}, then ${rewritten})`,
        ).toBe(true);
      },
    },
  ],
};
