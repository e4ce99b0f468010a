import { describe, expect, it } from 'vitest';
import { parsePlan, UsageError } from '../src/options.js';

const ENV = { LINKLOCK_REALFS: '/tmp/elsewhere' };

describe('the command line of pnpm soak', () => {
  it('defaults: 1 minute, 16 processes, a random seed, the root of $LINKLOCK_REALFS', () => {
    const plan = parsePlan([], ENV);
    expect(plan).toMatchObject({ minutes: 1, processes: 16, root: '/tmp/elsewhere', json: false });
    expect(plan !== 'help' && Number.isSafeInteger(plan.seed)).toBe(true);
    expect(parsePlan([], {})).toMatchObject({ root: '/tmp/linklock-realfs' });
  });

  it('takes fractions of minutes, a seed, a root, --json and --results', () => {
    expect(
      parsePlan(
        [
          '--minutes',
          '0.5',
          '--seed',
          '42',
          '--root',
          '/r',
          '--json',
          '--results',
          'x.json',
          '--processes',
          '4',
        ],
        ENV,
      ),
    ).toEqual({
      minutes: 0.5,
      processes: 4,
      seed: 42,
      root: '/r',
      json: true,
      resultsFile: 'x.json',
    });
    expect(parsePlan(['--minutes', '.25'], ENV)).toMatchObject({ minutes: 0.25 });
    expect(parsePlan(['--help'], ENV)).toBe('help');
  });

  it.each([
    [
      ['--minutes', '0'],
      '--minutes expects a number of minutes above 0 and at most 1440 (fractions allowed), got "0"',
    ],
    [
      ['--minutes', '-1'],
      '--minutes expects a number of minutes above 0 and at most 1440 (fractions allowed), got "-1"',
    ],
    [
      ['--minutes', '1e3'],
      '--minutes expects a number of minutes above 0 and at most 1440 (fractions allowed), got "1e3"',
    ],
    [['--processes', '0'], '--processes expects a whole number from 1 to 64, got "0"'],
    [['--processes', '2.5'], '--processes expects a whole number from 1 to 64, got "2.5"'],
    [
      ['--seed', '4294967296'],
      '--seed expects a whole number from 0 to 4294967295, got "4294967296"',
    ],
    [['--root', ''], '--root needs a value'],
    [
      ['--frobnicate'],
      'unknown option --frobnicate (the options are --minutes, --processes, --seed, --root, --json, --results, --help)',
    ],
    [['extra'], 'unexpected argument "extra": pnpm soak takes options only'],
    [['--minutes'], '--minutes needs a value'],
    [['--json=yes'], '--json takes no value'],
  ])('refuses %j with one line', (args, message) => {
    expect(() => parsePlan(args, ENV)).toThrow(new UsageError(message));
  });
});
