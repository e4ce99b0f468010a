import { FORWARDED, runCommand } from '../child-command.js';
import { type HolderDocument, holderDocument } from '../holder-document.js';
import { readHolder } from '../holder-text.js';
import { exclusiveHold, type RunHold, sharedHold } from '../run-hold.js';
import { type LockTarget, withLockTarget } from '../targets/lock-target.js';
import { LOCKFILE_HELP } from '../targets/lockfile-help.js';
import { milliseconds, onePositional, parseOptions, UsageError } from '../usage-error.js';

export const RUN_USAGE = `usage: linklock run <lockfile> [--shared | --fair] [--timeout ms] [--lifetime ms] [--nonblock] [--json] -- <command> [args...]

Runs <command> while holding the lock <lockfile>, refreshing it while the command runs, and
releases it when the command ends, however it ends. SIGINT, SIGTERM and SIGHUP are passed on
to the command. Another process running this for the same <lockfile> waits its turn.

  --shared       hold it as a reader of a shared lock: other --shared runs (and readers
                 of createReadWriteLock) hold it at the same time; a run without --shared
                 is then its writer: it waits for them, and once it waits, new readers
                 wait behind it
  --fair         wait in line: runs given --fair take the lock in the order they asked
                 for it, rather than whichever sees it free first
  --timeout ms   give up after waiting this long (default: wait as long as it takes)
  --lifetime ms  how long the lock stays valid without a refresh (default 15000); while the
                 command runs it is refreshed every third of that
  --nonblock     do not wait: give up at once if another process holds the lock
  --json         when done, print one JSON line on stdout (after the command's own output):
                 { lockfile, acquired, waitedMs, exitCode, signal, compromised, holder }

${LOCKFILE_HELP}

Exit code: the command's (128 + n when a signal n ended it); 75 when the lock was not
acquired (timeout or --nonblock), with one line on stderr naming the holder; 127 when the
command was not found, 126 when it could not be started; 2 on a usage error (a malformed NFS
URL among them); 1 on any other error (the lock file's directory missing or not writable,
the NFS server unreachable, ...).`;

/** EX_TEMPFAIL (sysexits.h): the lock was not acquired; trying again later may work. */
export const EXIT_NOT_ACQUIRED = 75;

interface RunReport {
  lockfile: string;
  acquired: boolean;
  waitedMs: number;
  /** The command's exit code, or 127/126 when it could not be started; null after a signal. */
  exitCode: number | null;
  signal: string | null;
  compromised: boolean;
  /** Who held the lock when it was not acquired (null: nobody any more, or acquired). */
  holder: HolderDocument | null;
}

export async function run(args: string[]): Promise<number> {
  const separator = args.indexOf('--');
  const own = separator < 0 ? args : args.slice(0, separator);
  const { values, positionals } = parseOptions('run', own, {
    timeout: { type: 'string' },
    lifetime: { type: 'string' },
    nonblock: { type: 'boolean' },
    json: { type: 'boolean' },
    shared: { type: 'boolean' },
    fair: { type: 'boolean' },
  });
  const lockfile = onePositional('run', 'the lock file', positionals);
  const command = separator < 0 ? [] : args.slice(separator + 1);
  if (command.length === 0) {
    throw new UsageError(
      'missing the command to run, after --: linklock run <lockfile> -- <command>',
      'run',
    );
  }
  const timeout = milliseconds('run', 'timeout', values.timeout);
  const lifetime = milliseconds('run', 'lifetime', values.lifetime);
  if (lifetime === 0) throw new UsageError('--lifetime must be more than 0', 'run');
  if (values.nonblock && timeout !== undefined) {
    throw new UsageError('--nonblock and --timeout exclude each other', 'run');
  }
  if (values.fair && values.shared) {
    throw new UsageError(
      '--fair and --shared exclude each other (a shared lock has no queue)',
      'run',
    );
  }

  // Set by the lock's callback, which runs while the command does.
  const loss = { compromised: false };
  const defaults = {
    ...(lifetime === undefined ? {} : { lifetime }),
    ...(values.fair ? { fair: true } : {}),
    onCompromised: (error: Error) => {
      loss.compromised = true;
      process.stderr.write(`linklock: the lock was lost while the command ran: ${error.message}\n`);
    },
  };
  const wait = {
    nonblock: values.nonblock === true,
    timeout,
    json: values.json === true,
    shared: values.shared === true,
  };
  return withLockTarget('run', lockfile, defaults, (target) =>
    runHolding(target, command, wait, loss),
  );
}

/** Takes the lock of `target`, runs `command` while holding it, releases it; the exit code. */
async function runHolding(
  target: LockTarget,
  command: string[],
  wait: { nonblock: boolean; timeout: number | undefined; json: boolean; shared: boolean },
  loss: { compromised: boolean },
): Promise<number> {
  const hold = wait.shared
    ? sharedHold(target.readWriteLock)
    : exclusiveHold(target.lock, target.readWriteLock, () => target.isShared());
  // Said before waiting: the lock's own error would name a claim file (over NFS, a path inside
  // the export) rather than the directory that is missing.
  await target.requireDirectory();
  const report: RunReport = {
    lockfile: target.name,
    acquired: false,
    waitedMs: 0,
    exitCode: null,
    signal: null,
    compromised: false,
    holder: null,
  };
  const started = performance.now();
  const acquired = await acquire(hold, wait.nonblock, wait.timeout);
  report.waitedMs = Math.round(performance.now() - started);
  if (!acquired) {
    const found = await readHolder(target);
    report.holder = holderDocument(found.details);
    const held =
      found.details === null && found.foreign === null
        ? 'was held (by nobody now)'
        : `is held by ${found.text}`;
    const why = wait.nonblock ? 'not waiting (--nonblock)' : `gave up after ${wait.timeout} ms`;
    process.stderr.write(`linklock: ${target.name} ${held}; ${why}\n`);
    if (wait.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    return EXIT_NOT_ACQUIRED;
  }
  report.acquired = true;
  let exitCode: number;
  try {
    const outcome = await runCommand(command);
    // Not started at all (not found, not runnable): its exit code is ours, 127 or 126.
    report.exitCode = outcome.code ?? (outcome.signal === null ? outcome.exit : null);
    report.signal = outcome.signal;
    exitCode = outcome.exit;
  } finally {
    // A loss found while the command ran was reported then; unlock reports it once more.
    const released = await release(hold, !loss.compromised);
    report.compromised = loss.compromised || !released;
  }
  if (wait.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  return exitCode;
}

/** Waits for the lock as asked; `false` when it was not acquired (timeout, --nonblock). */
async function acquire(
  hold: RunHold,
  nonblock: boolean,
  timeout: number | undefined,
): Promise<boolean> {
  // A signal while waiting ends the wait; the lock then cleans up its claim file.
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  for (const signal of FORWARDED) process.once(signal, onSignal);
  try {
    return await hold.acquire({ nonblock, timeout, signal: controller.signal });
  } finally {
    for (const signal of FORWARDED) process.off(signal, onSignal);
  }
}

/** Releases; `false` when the lock turned out to have been lost meanwhile (said on stderr). */
async function release(hold: RunHold, sayLoss: boolean): Promise<boolean> {
  try {
    await hold.release();
    return true;
  } catch (error) {
    if (sayLoss) process.stderr.write(`linklock: ${(error as Error).message}\n`);
    return false;
  }
}
