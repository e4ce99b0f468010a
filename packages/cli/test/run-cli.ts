import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';

/** The built command line (the vitest global setup builds the packages first). */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** Runs `linklock <args>` to its end. */
export function runCli(
  args: string[],
  options: { timeoutMs?: number; cwd?: string } = {},
): Promise<CliResult> {
  const child = startCli(args, options.cwd);
  return finished(child, options.timeoutMs ?? 60_000);
}

export type Started = ChildProcess & {
  output: { stdout: string; stderr: string };
  startedAt: number;
  /** Resolves when the process has exited and its output is read (or no more can come). */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * Starts `linklock <args>` (in `cwd`, if given) without waiting; see {@link waitForOutput} and
 * {@link finished}.
 */
export function startCli(args: string[], cwd?: string): Started {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd === undefined ? {} : { cwd }),
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output.stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output.stderr += chunk;
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      // A grandchild that outlives us (a SIGKILLed run's command) keeps the pipes open: do not
      // wait for them to close, only for what is already buffered.
      const done = () => resolve({ code, signal });
      child.once('close', done);
      setTimeout(done, 200);
    });
  });
  return Object.assign(child, { output, startedAt: performance.now(), ended });
}

/** Resolves once the child's stdout contains `text`. */
export function waitForOutput(child: Started, text: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${JSON.stringify(text)} in ${JSON.stringify(child.output)}`)),
      timeoutMs,
    );
    const check = () => {
      if (!child.output.stdout.includes(text)) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve();
    };
    child.stdout?.on('data', check);
    check();
  });
}

export async function finished(child: Started, timeoutMs = 60_000): Promise<CliResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`linklock did not finish in ${timeoutMs} ms: ${JSON.stringify(child.output)}`),
      );
    }, timeoutMs);
  });
  try {
    const { code, signal } = await Promise.race([child.ended, timeout]);
    return { code, signal, ...child.output, elapsedMs: performance.now() - child.startedAt };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A fresh directory with a lock path in it for each test, removed afterwards together with any
 * `linklock` a test started and left running.
 */
export function useLockDirectory(prefix: string): {
  readonly dir: string;
  readonly lockfile: string;
  /** Starts `linklock run <lockfile> -- sh -c 'echo held; exec sleep 60'`, resolved once held. */
  holdLock(): Promise<Started>;
  /** Kills `child` after the test if it is still running. */
  track(child: Started): Started;
} {
  let dir = '';
  const started: Started[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    for (const child of started.splice(0)) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get lockfile() {
      return join(dir, 'job.lock');
    },
    track(child) {
      started.push(child);
      return child;
    },
    async holdLock() {
      const holder = startCli([
        'run',
        join(dir, 'job.lock'),
        '--',
        'sh',
        '-c',
        'echo held; exec sleep 60',
      ]);
      started.push(holder);
      await waitForOutput(holder, 'held');
      return holder;
    },
  };
}
