import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** The signals `linklock run` passes on to its command (and that end a wait for the lock). */
export const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface CommandOutcome {
  code: number | null;
  signal: string | null;
  /** The exit code to pass on: the command's, 128 + signal number, 126 or 127. */
  exit: number;
}

/** Runs the command with our stdio, passing our signals on, until it ends. */
export function runCommand(command: string[]): Promise<CommandOutcome> {
  const [file, ...args] = command as [string, ...string[]];
  return new Promise((resolve) => {
    // Forwarding is in place before the child exists: a signal sent once the child has said
    // it is up must not find this process without a handler (its default would kill us).
    let child: ReturnType<typeof spawn> | undefined;
    const early: NodeJS.Signals[] = [];
    const forward = (signal: NodeJS.Signals) => {
      if (child === undefined) early.push(signal);
      else child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    child = spawn(file, args, { stdio: 'inherit' });
    for (const signal of early) child.kill(signal);
    const done = (outcome: CommandOutcome) => {
      for (const signal of FORWARDED) process.off(signal, forward);
      resolve(outcome);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      const notFound = error.code === 'ENOENT';
      process.stderr.write(
        `linklock: ${file}: ${notFound ? 'command not found' : `cannot run it (${error.code ?? error.message})`}\n`,
      );
      done({ code: null, signal: null, exit: notFound ? 127 : 126 });
    });
    child.once('exit', (code, signal) => {
      const exit = code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0));
      done({ code, signal, exit });
    });
  });
}
