import { beforeAll, describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../src/index.js';
import { formatMs, roundNumbersIn } from '../../src/report/format-time.js';
import { REPORT_SCRIPT } from '../../src/report/report-script.js';
import { loadRuns, type Runs } from './runs.js';

let runs: Runs;

beforeAll(async () => {
  runs = await loadRuns();
}, 120_000);

const TIMES = [2202.5914753512216, 0, -0.04, 0.05, 5864, 99.95, 26021.008809337134, 1e-9, -500];

/** What free text the page shows carries, and what it must make of it. */
const TEXTS: [string, string][] = [
  [
    'pid 1002 (client c0, in since 2202.5914753512216 ms) and pid 1004 (client c1) were both in the critical section from 2254.742426479167 ms to 2283.3648116758295 ms;',
    'pid 1002 (client c0, in since 2202.6 ms) and pid 1004 (client c1) were both in the critical section from 2254.7 ms to 2283.4 ms;',
  ],
  ['logged an error at 2231.474348012862 ms ("x")', 'logged an error at 2231.5 ms ("x")'],
  ['at the end of the run (991.8994334760756 ms):', 'at the end of the run (991.9 ms):'],
  ['took 12.50 ms, then 5.62ms, 7.04 ms', 'took 12.5 ms, then 5.6ms, 7 ms'],
  ['lifetime 37.1 ms, 400 ms', 'lifetime 37.1 ms, 400 ms'],
  ['mtime 1750000000177.0996/1750000000329.113', 'mtime 1750000000177.1/1750000000329.113'],
  ['lost 0.01282880269922316 of them.', 'lost 0.013 of them.'],
  ['drift -22.25760309956968 ppm', 'drift -22.258 ppm'],
  ['share 4.0000001', 'share 4'],
  // Names: the digits around a dot in a lock file's name are no number.
  [
    '/export/locks/jobs.lock.c1.1004.ZPI24Xs_r8mLR0IO',
    '/export/locks/jobs.lock.c1.1004.ZPI24Xs_r8mLR0IO',
  ],
  ['jobs.lock.claim.c0.1001.8bYZtySuE-HeSk2w', 'jobs.lock.claim.c0.1001.8bYZtySuE-HeSk2w'],
  [
    '["jobs.lock.fence.9","jobs.lock.tomb.c0.1001.8bYZ-1"]',
    '["jobs.lock.fence.9","jobs.lock.tomb.c0.1001.8bYZ-1"]',
  ],
  ['server 10.0.0.1, v1.23456, 1.23456x', 'server 10.0.0.1, v1.23456, 1.23456x'],
];

describe('formatMs', () => {
  it('writes a time as milliseconds to a tenth, without a trailing zero, never as -0', () => {
    expect(TIMES.map(formatMs)).toEqual([
      '2202.6 ms',
      '0 ms',
      '0 ms',
      '0.1 ms',
      '5864 ms',
      '100 ms',
      '26021 ms',
      '0 ms',
      '-500 ms',
    ]);
  });
});

describe('roundNumbersIn', () => {
  it('rounds times to a tenth and other numbers to three decimals, and leaves names alone', () => {
    for (const [text, shown] of TEXTS) expect(roundNumbersIn(text), text).toBe(shown);
  });

  it("leaves no long decimal in real runs' messages, and changes nothing but their numbers", () => {
    const texts = (Object.values(runs) as SimulationResult[]).flatMap((run) => [
      ...run.violations.map((violation) => violation.message),
      ...run.trace.flatMap((event) =>
        Object.values(event).flatMap((value) => (typeof value === 'string' ? [value] : [])),
      ),
    ]);
    const digitsOut = (text: string) => text.replace(/[-\d.]/g, '');
    for (const text of texts) {
      const shown = roundNumbersIn(text);
      expect(digitsOut(shown), text).toBe(digitsOut(text));
      expect(shown.match(/(?<![\w.])\d+\.\d{4,}/g), text).toBeNull();
    }
  });
});

describe("the page script's formatting", () => {
  it('is the same rule: the page bundles these very functions, and no formatting of its own', () => {
    // report-page/ imports format-time.ts; the bundle holds its functions once, by their names.
    const defined = (name: string) =>
      REPORT_SCRIPT.match(new RegExp(`\\bfunction ${name}\\(`, 'g'))?.length ?? 0;
    expect(defined('roundNumbersIn')).toBe(1);
    expect(defined('ms')).toBe(1);
    expect(defined('rounded')).toBe(1);
    expect(REPORT_SCRIPT).toContain(`var NUMBER = ${/-?[0-9]+[.]([0-9]+)( ?ms)?/g};`);
    expect(REPORT_SCRIPT).not.toMatch(/\bfunction roundNumbers\(/);
  });
});
