import { readFileSync } from 'node:fs';
import { BREAK_USAGE, breakCommand } from './commands/break.js';
import { CHECK_USAGE, check } from './commands/check.js';
import { DEMO_USAGE, demo } from './commands/demo.js';
import { REPLAY_USAGE, replay } from './commands/replay.js';
import { RUN_USAGE, run } from './commands/run.js';
import { SIMULATE_USAGE, simulateCommand } from './commands/simulate.js';
import { STATUS_USAGE, status } from './commands/status.js';
import { errorDocument } from './json-output.js';
import { UsageError } from './usage-error.js';

interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  run: { summary: 'run a command while holding a lock', usage: RUN_USAGE, run },
  status: { summary: 'who holds a lock, until when', usage: STATUS_USAGE, run: status },
  break: {
    summary: 'remove the lock of a holder that is gone',
    usage: BREAK_USAGE,
    run: breakCommand,
  },
  simulate: {
    summary: 'run lock algorithms in the NFS simulator',
    usage: SIMULATE_USAGE,
    run: simulateCommand,
  },
  replay: {
    summary: 'run one simulated seed again, for one or every algorithm',
    usage: REPLAY_USAGE,
    run: replay,
  },
  check: {
    summary: "whether a directory's filesystem keeps the lock's assumptions",
    usage: CHECK_USAGE,
    run: check,
  },
  demo: { summary: 'what linklock is for, in under a minute', usage: DEMO_USAGE, run: demo },
};

const USAGE = `usage: linklock <command> [options]

An NFS-safe lock file for shells, cron jobs and CI scripts, built on link(2).

commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(10)}${command.summary}`)
  .join('\n')}

  linklock <command> --help   the options of a command
  linklock --version          the version

Exit codes: 0 success; 1 failure; 2 usage error; 75 lock not acquired (run); a command's own
code (run).`;

export function version(): string {
  const manifest = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as {
    version: string;
  };
  return manifest.version;
}

/** Runs the command line `args` (without `node` and the script); resolves the exit code. */
export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (name === 'help') return help(rest);
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const own = name === 'run' && rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  const json = own.includes('--json');
  try {
    const command = commandNamed(name);
    if (own.includes('--help') || own.includes('-h')) {
      process.stdout.write(`${command.usage}\n`);
      return 0;
    }
    return await command.run(rest);
  } catch (error) {
    return reportError(error, json);
  }
}

/** `linklock help [command]`: the usage of a command, or of the whole command line. */
function help(rest: string[]): number {
  const [topic] = rest;
  if (topic === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    process.stdout.write(`${commandNamed(topic).usage}\n`);
    return 0;
  } catch (error) {
    return reportError(error, false);
  }
}

function commandNamed(name: string): Command {
  // Own names only: `constructor` or `__proto__` is no command, though every object has one.
  if (Object.hasOwn(COMMANDS, name)) return COMMANDS[name] as Command;
  const commands = Object.keys(COMMANDS).join(', ');
  if (name.startsWith('-')) {
    throw new UsageError(`unknown option ${name}: a command comes first (${commands})`);
  }
  throw new UsageError(`unknown command ${JSON.stringify(name)} (commands: ${commands})`);
}

function reportError(error: unknown, json: boolean): number {
  const usage = error instanceof UsageError;
  const message = oneLine(error);
  if (usage) {
    const hint =
      error.command === undefined ? 'linklock --help' : `linklock ${error.command} --help`;
    process.stderr.write(`linklock: ${message}\n(see ${hint})\n`);
  } else {
    process.stderr.write(`linklock: ${message}\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify(errorDocument(error))}\n`);
  return usage ? 2 : 1;
}

function oneLine(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const withCode =
    typeof code === 'string' && !(error instanceof UsageError) && !message.includes(code)
      ? `${message} (${code})`
      : message;
  return withCode.replace(/\s*\n\s*/g, ' ');
}
