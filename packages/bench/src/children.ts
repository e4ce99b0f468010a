import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildReport, ChildTask } from './child-protocol.js';

const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));
/** A child that has finished its task must exit by itself within this time. */
const EXIT_GRACE_MS = 5_000;

type ReportOf<T extends ChildReport['type']> = Extract<ChildReport, { type: T }>;

/** One benchmark process, seen from the parent. */
export class BenchChild {
  /** Every child not yet exited, for {@link BenchChild.killAll}. */
  static readonly #running = new Set<BenchChild>();

  readonly #process: ChildProcess;
  readonly #reports: ChildReport[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #exited: Promise<number | null>;
  #exitCode: number | null | undefined;

  constructor(readonly task: ChildTask) {
    this.#process = spawn(process.execPath, [CHILD, JSON.stringify(task)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#process.on('message', (message: ChildReport) => {
      this.#reports.push(message);
      this.#notify();
    });
    BenchChild.#running.add(this);
    this.#exited = new Promise((resolve) => {
      this.#process.on('exit', (code) => {
        BenchChild.#running.delete(this);
        this.#exitCode = code;
        this.#notify();
        resolve(code);
      });
    });
  }

  /** The next report of `type`; rejects if the child fails or exits first. */
  next<T extends ChildReport['type']>(type: T): Promise<ReportOf<T>> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const failed = this.#reports.find((report) => report.type === 'failed');
        if (failed?.type === 'failed') {
          reject(new Error(`${describe(this.task)} failed: ${failed.message}`));
          return true;
        }
        const index = this.#reports.findIndex((report) => report.type === type);
        if (index >= 0) {
          resolve(this.#reports.splice(index, 1)[0] as ReportOf<T>);
          return true;
        }
        if (this.#exitCode !== undefined) {
          reject(
            new Error(
              `${describe(this.task)} exited (${this.#exitCode}) before reporting '${type}'`,
            ),
          );
          return true;
        }
        return false;
      };
      if (check()) return;
      const listener = () => {
        if (check()) this.#listeners.delete(listener);
      };
      this.#listeners.add(listener);
    });
  }

  send(message: { type: string }): void {
    this.#process.send(message);
  }

  /** SIGKILL: the process dies without running any exit handler. */
  kill(): void {
    this.#process.kill('SIGKILL');
  }

  /**
   * Resolves when the child exits by itself. A child still running after its task is done
   * has something keeping it alive (a timer, a watcher): that is reported as an error.
   */
  async exit(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), EXIT_GRACE_MS);
    });
    const outcome = await Promise.race([this.#exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.kill();
      throw new Error(
        `${describe(this.task)} did not exit after its task: something kept it alive`,
      );
    }
    if (outcome !== 0) throw new Error(`${describe(this.task)} exited with code ${outcome}`);
  }

  /** Kills every child still running (an interrupted run). */
  static killAll(): void {
    for (const child of BenchChild.#running) child.kill();
  }

  /** Kills the child if it is still running (cleanup after a failure). */
  dispose(): void {
    if (this.#exitCode === undefined) this.kill();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

function describe(task: ChildTask): string {
  return `${task.library} ${task.role} process`;
}
