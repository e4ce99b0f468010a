import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs the child-process fixtures of test/fixtures under plain `node` (they import the built
 * package, which the vitest global setup builds), and other programs, and keeps track of them, so a test can wait
 * for what a child prints and `killAllFixtures()` in afterEach leaves no child running, whatever
 * path the test took.
 */

export type FixtureName = 'contender' | 'holder' | 'waiter';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A line a child printed, and when the parent saw it (process.hrtime.bigint(), CLOCK_MONOTONIC). */
export interface SeenLine {
  text: string;
  atNs: bigint;
}

export interface FixtureOptions {
  /**
   * Run the child as another host: in its own UTS namespace (`unshare --uts`, root only) with
   * this hostname. Same kernel, boot id and pid namespace: only the hostname differs.
   */
  hostname?: string;
  /** Extra environment (e.g. LINKLOCK_FIXTURE_VERBOSE, to see the lock's info lines). */
  env?: Record<string, string>;
}

const live = new Set<FixtureProcess>();

export class FixtureProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves when the child has exited and been reaped (so its pid is really gone). */
  readonly exited: Promise<Exit>;
  readonly #lines: SeenLine[] = [];
  #partial = '';
  #stderr = '';
  #exit: Exit | undefined;
  readonly #listeners = new Set<() => void>();

  /** `name` for messages; `command`: the program and its arguments. */
  constructor(name: string, command: readonly string[], options: FixtureOptions = {}) {
    this.name = name;
    // unshare and sh exec in place: the child's pid is node's, so kill() reaches the fixture.
    const [file, ...rest] =
      options.hostname === undefined
        ? command
        : [
            'unshare',
            '--uts',
            'sh',
            '-c',
            'hostname "$0" && exec "$@"',
            options.hostname,
            ...command,
          ];
    this.child = spawn(file as string, rest, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.#onStdout(chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr += chunk;
    });
    // 'close' rather than 'exit': by then stdout and stderr are fully read too.
    this.exited = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('close', (code, signal) => {
        this.#exit = { code, signal };
        live.delete(this);
        this.#notify();
        resolve(this.#exit);
      });
    });
    live.add(this);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** The complete lines it printed so far. */
  get stdout(): string {
    return this.#lines.map((line) => line.text).join('\n');
  }

  /** The first stdout line matching `pattern`, waiting for it; rejects if the child exits first or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<SeenLine> {
    return new Promise((resolve, reject) => {
      const fail = (why: string) => reject(new Error(`${this.name} ${why}${this.transcript()}`));
      const check = () => {
        const found = this.#lines.find((line) => pattern.test(line.text));
        if (found !== undefined) {
          stop();
          resolve(found);
        } else if (this.#exit !== undefined) {
          stop();
          fail(`exited (${describeExit(this.#exit)}) before printing ${pattern}`);
        }
      };
      const timer = setTimeout(() => {
        stop();
        fail(`did not print ${pattern} within ${timeoutMs} ms`);
      }, timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        this.#listeners.delete(check);
      };
      this.#listeners.add(check);
      check();
    });
  }

  /** Waits for the exit; past `timeoutMs` kills the child and rejects with what it printed. */
  async waitForExit(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(
          `${this.name} did not exit within ${timeoutMs} ms${this.transcript()}`,
        );
        this.kill('SIGKILL').finally(() => reject(error));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the child and waits until it is reaped: only then is its pid provably dead. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
    if (this.#exit === undefined) {
      this.child.kill(signal);
    }
    return this.exited;
  }

  #onStdout(chunk: string): void {
    const atNs = process.hrtime.bigint();
    const parts = (this.#partial + chunk).split('\n');
    this.#partial = parts.pop() ?? '';
    for (const text of parts) this.#lines.push({ text, atNs });
    this.#notify();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /** What the child printed so far, for failure messages. */
  transcript(): string {
    return `\n--- ${this.name} ${this.pid} stdout ---\n${this.stdout}\n--- ${this.name} ${this.pid} stderr ---\n${this.#stderr}`;
  }
}

export function spawnFixture(
  name: FixtureName,
  args: readonly string[],
  options: FixtureOptions = {},
): FixtureProcess {
  const script = fileURLToPath(new URL(`../fixtures/${name}.mjs`, import.meta.url));
  return new FixtureProcess(name, [process.execPath, script, ...args], options);
}

/** Any program as a tracked child (another package's worker, a Python script), named `name`. */
export function spawnProgram(
  name: string,
  command: readonly string[],
  options: FixtureOptions = {},
): FixtureProcess {
  return new FixtureProcess(name, command, options);
}

/** For afterEach: SIGKILLs every fixture still running and waits until all are reaped. */
export async function killAllFixtures(): Promise<void> {
  await Promise.all([...live].map((fixture) => fixture.kill('SIGKILL').catch(() => undefined)));
}

export function describeExit(exit: Exit | undefined): string {
  if (exit === undefined) return 'still running';
  return exit.signal === null ? `exit code ${exit.code}` : `signal ${exit.signal}`;
}

/** The warn/error lines a child's logger wrote (see fixtures/stderr-logger.mjs). */
export function loggedProblems(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^LOG (warn|error)\b/.test(line));
}
