// The command line's argument parsing, on any input: main() never throws, and a command line it
// refuses exits 2 with one line saying why and the hint (docs/cli.md), never an exit 1 or a
// stack. Thousands of inputs run in-process; what a command does once its arguments are
// accepted (take a lock, connect, run a child, simulate) is stubbed to stop right there. A few
// refusals run through the real bin as well. Property-based (fast-check): a failure prints its
// seed and shrinks to the shortest command line.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { runCli } from './run-cli.js';

/** What a stubbed command throws once its arguments are accepted: exit 1, this line. */
const ACCEPTED = 'ACCEPTED: the arguments were taken, the command stopped before doing anything';

vi.mock('../src/targets/lock-target.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/targets/lock-target.js')>();
  const { isNfsUrl } = await import('@linklock/nfs');
  const { nfsUrlOptions } = await import('../src/targets/nfs-url-options.js');
  const { aboutTarget } = await import('../src/json-output.js');
  return {
    ...real,
    // The target is made as for real (a lock path or URL it refuses is refused here), but
    // neither connected to nor touched.
    withLockTarget: async (command: string, given: string, defaults: object) => {
      try {
        if (isNfsUrl(given)) nfsUrlOptions(command, given);
        else await real.openLockTarget(command, given, defaults);
      } catch (error) {
        throw aboutTarget(error, given);
      }
      throw new Error(ACCEPTED);
    },
  };
});
vi.mock('../src/check/local-subject.js', () => ({
  openLocalSubject: async () => {
    throw new Error(ACCEPTED);
  },
}));
vi.mock('../src/check/nfs-subject.js', async () => {
  const { nfsUrlOptions } = await import('../src/targets/nfs-url-options.js');
  return {
    openNfsSubject: async (url: string) => {
      nfsUrlOptions('check', url);
      throw new Error(ACCEPTED);
    },
  };
});
vi.mock('@linklock/nfs-sim', async (importOriginal) => {
  const real = await importOriginal<typeof import('@linklock/nfs-sim')>();
  const accepted = async () => {
    throw new Error(ACCEPTED);
  };
  return { ...real, runSeeds: accepted, simulate: accepted };
});
vi.mock('../src/demo/contention.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/demo/contention.js')>()),
  runContention: async () => {
    throw new Error(ACCEPTED);
  },
}));

const COMMANDS = ['run', 'status', 'break', 'simulate', 'replay', 'check', 'demo', 'help'];
const OPTIONS = [
  '--timeout',
  '--lifetime',
  '--nonblock',
  '--json',
  '--shared',
  '--force',
  '--seeds',
  '--seed',
  '--profile',
  '--algorithm',
  '--clients',
  '--processes',
  '--iterations',
  '--report',
  '--other-view',
  '--quick',
  '--help',
  '-h',
  '--version',
  '-v',
  '--',
  '--bogus',
  '-x',
  '--timeout=',
  '--seeds=3',
];
const VALUES = [
  '0',
  '1',
  '10',
  '-5',
  '1.5',
  '1e3',
  '99999999999999999999',
  '',
  ' ',
  'soon',
  'nfs',
  'lossy',
  'linklock',
  'all',
  '/tmp/linklock-argv-property/x.lock',
  'x.lock',
  '.',
  '..',
  '/',
  'a\nb.lock',
  'nfs://',
  'nfs://host',
  'nfs://host/export/x.lock',
  'nfs://host:0/x.lock',
  'nfs://host/x.lock?soft=maybe',
  'nfs://host/x.lock?uid=-1&timeout=1e9',
  'true',
  'sh',
  'constructor',
  '__proto__',
];

/** Arguments as an OS passes them: any text but NUL, which no argv can hold. */
const anyText = fc.string({ unit: 'binary', maxLength: 12 }).filter((text) => !text.includes('\0'));
const argument = fc.oneof(
  { arbitrary: fc.constantFrom(...COMMANDS), weight: 2 },
  { arbitrary: fc.constantFrom(...OPTIONS), weight: 4 },
  { arbitrary: fc.constantFrom(...VALUES), weight: 4 },
  { arbitrary: anyText, weight: 1 },
);
const commandLine = fc.oneof(
  fc
    .tuple(fc.constantFrom(...COMMANDS), fc.array(argument, { maxLength: 8 }))
    .map(([command, rest]) => [command, ...rest]),
  // Nearly right: a command, its lock file or directory, a few more words.
  fc
    .tuple(
      fc.constantFrom('run', 'status', 'break', 'check'),
      fc.constantFrom(...VALUES),
      fc.array(fc.constantFrom(...OPTIONS, ...VALUES), { maxLength: 4 }),
    )
    .map(([command, target, rest]) => [command, target, ...rest]),
  fc.array(argument, { minLength: 1, maxLength: 8 }),
);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** What commands listen to while they run (demo and check clean up on a signal or exit). */
const EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit'] as const;

function listenersOf(event: (typeof EVENTS)[number]): ((...args: unknown[]) => void)[] {
  return process.listeners(event as 'exit') as ((...args: unknown[]) => void)[];
}

/** Runs `main(args)` with stdout and stderr captured, and the listeners it leaves removed. */
async function runMain(args: string[]): Promise<Ran> {
  const output = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: unknown) => {
      output[stream] += String(chunk);
      return true;
    });
  const spies = [capture('stdout'), capture('stderr')];
  const before = new Map(EVENTS.map((event) => [event, listenersOf(event)]));
  try {
    const code = await main(args);
    return { code, ...output };
  } finally {
    for (const spy of spies) spy.mockRestore();
    for (const event of EVENTS) {
      for (const listener of listenersOf(event)) {
        if (!before.get(event)?.includes(listener)) process.off(event, listener);
      }
    }
  }
}

const HINT = /^\(see linklock( [a-z]+)? --help\)$/;

/** What the command line may answer: help or version (0), accepted (stopped: 1), refused (2). */
function checkAnswer(args: string[], ran: Ran): void {
  const lines = ran.stderr.split('\n').slice(0, -1);
  const where = `linklock ${JSON.stringify(args)} -> ${JSON.stringify(ran)}`;
  switch (ran.code) {
    case 0:
      expect(ran.stdout, where).not.toBe('');
      expect(ran.stderr, where).toBe('');
      return;
    case 1:
      // Past its arguments a command may have said what it starts (demo does).
      expect(lines.at(-1), `${where}: refused, but not as a usage error`).toBe(
        `linklock: ${ACCEPTED}`,
      );
      return;
    case 2:
      expect(lines, `${where}: one line and the hint`).toHaveLength(2);
      expect(lines[0], where).toMatch(/^linklock: \S.*$/);
      expect(lines[1], where).toMatch(HINT);
      if (ran.stdout !== '') expect(() => JSON.parse(ran.stdout), where).not.toThrow();
      return;
    default:
      expect.unreachable(`${where}: exit code ${ran.code}`);
  }
}

describe('the command line on any arguments (property-based)', () => {
  let exitCode: typeof process.exitCode;
  beforeAll(() => {
    exitCode = process.exitCode;
  });
  afterAll(() => {
    process.exitCode = exitCode;
  });

  it('never throws; a refusal is exit 2 with one line and the hint, whatever the input', async () => {
    await fc.assert(
      fc.asyncProperty(commandLine, async (args) => {
        checkAnswer(args, await runMain(args));
      }),
      { numRuns: 3_000 },
    );
  });

  it('without arguments: exit 2 with the usage (the one refusal longer than a line)', async () => {
    const ran = await runMain([]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/^usage: linklock <command>/);
  });

  it('the real bin agrees on a handful of refusals: exit 2, one line and the hint', async () => {
    for (const args of [
      ['--timeout'],
      ['run', 'x.lock', '--timeout', '-5', '--', 'true'],
      ['status', 'x.lock', 'y.lock'],
      ['run', 'nfs://host/x.lock?soft=maybe', '--', 'true'],
    ]) {
      const result = await runCli(args);
      checkAnswer(args, { code: result.code ?? -1, stdout: result.stdout, stderr: result.stderr });
    }
  });
});
