import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';

export const USAGE = `usage: pnpm soak [--minutes N] [--processes N] [--seed N] [--root DIR] [--json] [--results FILE] [--help]

Soaks linklock on real filesystems that cache and lie: N processes spread over the local disk,
two bindfs views and an sshfs mount of one directory (the mounts of scripts/realfs/setup.sh),
each looping lock → journal writes → unlock, while processes are SIGKILLed and SIGSTOPped at
random. The journal, kept by this process, refuses writes with a fencing token below the
highest it accepted. At the end: accepted writes in token order with no two tenures
interleaved, tokens that follow the order of acquisitions, and nothing left in the lock's
directory but what killed processes leave and a sweep removes. See docs/soak.md.

  --minutes N     how long the chaos lasts, fractions allowed (default 1 = 60 s)
  --processes N   contending processes, spread over the four mounts (default 16)
  --seed N        seed of the chaos schedule, 0 to 4294967295 (default: random, printed)
  --root DIR      where setup.sh mounted everything (default: $LINKLOCK_REALFS or
                  /tmp/linklock-realfs)
  --json          print the final summary as JSON on stdout (progress stays on stderr)
  --results FILE  also write pass/fail counts of the checks as vitest's JSON reporter does
                  (numPassedTests, numFailedTests), for CI's summary line
  --help          show this help

Needs root (unshare --uts gives the processes on each mount their own hostname).
Exit code: 0 when every check passed; 1 on a violation or a failed run; 2 on a usage error or
missing mounts (nothing was run).`;

export interface SoakPlan {
  minutes: number;
  processes: number;
  seed: number;
  root: string;
  json: boolean;
  resultsFile: string | undefined;
}

/** A command line that cannot be run as given: one line, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const OPTIONS = {
  minutes: { type: 'string' },
  processes: { type: 'string' },
  seed: { type: 'string' },
  root: { type: 'string' },
  json: { type: 'boolean' },
  results: { type: 'string' },
  help: { type: 'boolean' },
} as const;

const MAX_MINUTES = 24 * 60;
const MAX_PROCESSES = 64;

/** The plan of a run, or `help` for --help; {@link UsageError} for anything wrong. */
export function parsePlan(args: string[], env: NodeJS.ProcessEnv): SoakPlan | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: joinDashedValues(args), options: OPTIONS }));
  } catch (error) {
    throw new UsageError(inOurWords(error));
  }
  if (values.help === true) return 'help';
  return {
    minutes: minutesOf(values.minutes as string | undefined),
    processes: wholeNumber(
      'processes',
      values.processes as string | undefined,
      16,
      1,
      MAX_PROCESSES,
    ),
    seed: wholeNumber(
      'seed',
      values.seed as string | undefined,
      randomInt(2 ** 32),
      0,
      2 ** 32 - 1,
    ),
    root:
      nonEmpty('root', values.root as string | undefined) ??
      env.LINKLOCK_REALFS ??
      '/tmp/linklock-realfs',
    json: values.json === true,
    resultsFile: nonEmpty('results', values.results as string | undefined),
  };
}

/**
 * `--minutes -1` as `--minutes=-1`, which parseArgs would otherwise read as a missing value
 * followed by an unknown option: the option's own check then says what is wrong with it.
 */
function joinDashedValues(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    const next = args[i + 1];
    const option = OPTIONS[arg.slice(2) as keyof typeof OPTIONS] as { type: string } | undefined;
    if (
      arg.startsWith('--') &&
      option?.type === 'string' &&
      next?.startsWith('-') &&
      next !== '--'
    ) {
      joined.push(`${arg}=${next}`);
      i += 1;
    } else joined.push(arg);
  }
  return joined;
}

/** What util.parseArgs found wrong, said in one line of this command's words. */
function inOurWords(error: unknown): string {
  const { code, message = '' } = error as { code?: string; message?: string };
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted} (the options are ${Object.keys(OPTIONS)
        .map((name) => `--${name}`)
        .join(', ')})`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${JSON.stringify(quoted)}: pnpm soak takes options only`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message.includes('does not take an argument')
        ? `${quoted.split('=')[0]} takes no value`
        : `${quoted.split(' ')[0]} needs a value`;
    default:
      return message.split('\n')[0] ?? String(error);
  }
}

function minutesOf(text: string | undefined): number {
  if (text === undefined) return 1;
  const minutes = Number(text);
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text) || minutes <= 0 || minutes > MAX_MINUTES) {
    throw new UsageError(
      `--minutes expects a number of minutes above 0 and at most ${MAX_MINUTES} (fractions allowed), got ${JSON.stringify(text)}`,
    );
  }
  return minutes;
}

function wholeNumber(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(
      `--${name} expects a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

function nonEmpty(name: string, text: string | undefined): string | undefined {
  if (text === '') throw new UsageError(`--${name} needs a value`);
  return text;
}
