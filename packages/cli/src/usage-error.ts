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

/** Runs `parse` (a `util.parseArgs` call), turning its errors into {@link UsageError}s of `command`. */
export function parseCommandLine<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message, command);
  }
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
