import { parseArgs } from 'node:util';

/** A command line that cannot be run as given: exit 2, with the message and a hint. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The command whose `--help` the hint points to. */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** The options a command takes, as `util.parseArgs` describes them. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/** What {@link parseOptions} returns for options `O`: each given option's value, and the rest. */
export interface ParsedOptions<O extends OptionSpec> {
  values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };
  positionals: string[];
}

/**
 * Parses a command's own arguments (`util.parseArgs`, positionals allowed), saying what is wrong
 * in this command line's words, one line each, rather than Node's. A value that starts with a dash
 * (`--timeout -5`) is taken as the option's value, so that the option's own check says what is
 * wrong with it.
 */
export function parseOptions<const O extends OptionSpec>(
  command: string,
  args: string[],
  options: O,
) {
  const config = {
    args: joinDashedValues(args, options),
    options,
    allowPositionals: true as const,
  };
  try {
    return parseArgs(config) as ParsedOptions<O>;
  } catch (error) {
    throw new UsageError(inOurWords(error, options), command);
  }
}

/** `--name -5` as `--name=-5` for string options, which parseArgs would call ambiguous. */
function joinDashedValues(args: readonly string[], options: OptionSpec): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    const takesValue = name !== undefined && options[name]?.type === 'string';
    if (takesValue && next?.startsWith('-') && next !== '--') {
      joined.push(`${arg}=${next as string}`);
      i += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function inOurWords(error: unknown, options: OptionSpec): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-[^'\s]*)/.exec(message ?? '')?.[1];
  const known = Object.keys(options)
    .map((name) => `--${name}`)
    .join(', ');
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? ''} (this command takes ${known || 'no options'}${dashedNameHint(option)})`.trim();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message?.includes('does not take an argument')
        ? `${option} takes no value`
        : `${option} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${JSON.stringify(/'([^']*)'/.exec(message ?? '')?.[1] ?? '')}`;
    default:
      return message ?? String(error);
  }
}

/**
 * `-x…` may be a lock file whose name starts with a dash: such a path is given as `./-x…`
 * (or after `--`, for a command whose `--` does not introduce a command to run).
 */
function dashedNameHint(option: string | undefined): string {
  return option !== undefined && !option.startsWith('--')
    ? `; a path that starts with - is given as ./${option}…`
    : '';
}

/** A duration option in milliseconds: a whole number >= 0. */
export function milliseconds(
  command: string,
  name: string,
  value: string | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) {
    throw new UsageError(
      `--${name} expects milliseconds (a whole number), got ${JSON.stringify(value)}`,
      command,
    );
  }
  return parsed;
}

/** A count option: a whole number >= `min`. */
export function count(
  command: string,
  name: string,
  value: string | undefined,
  min = 1,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min) {
    throw new UsageError(
      `--${name} expects a whole number >= ${min}, got ${JSON.stringify(value)}`,
      command,
    );
  }
  return parsed;
}

/** The one positional argument a command takes (the lock file). */
export function onePositional(command: string, what: string, positionals: string[]): string {
  if (positionals.length === 0) throw new UsageError(`missing ${what}`, command);
  if (positionals.length > 1) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`, command);
  }
  return positionals[0] as string;
}
