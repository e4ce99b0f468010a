import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildReport, ChildTask, ParentMessage } from './child-protocol.js';

const CHILD_SCRIPT = fileURLToPath(new URL('./child.js', import.meta.url));
/** How much of a child's stderr is kept, for the message when it dies unexpectedly. */
const STDERR_KEPT = 2_000;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A soak child seen from the parent: the process (under its own hostname through `unshare --uts`
 * when it plays another host; unshare and sh exec in place, so the pid is node's and signals
 * reach it), what it holds, whether it is stopped, and how it ended. Every child not yet reaped
 * is in {@link SoakChild.live}, so that any exit path of the parent can kill them all.
 */
export class SoakChild {
  static readonly live = new Set<SoakChild>();

  readonly task: ChildTask;
  readonly hostname: string | undefined;
  readonly exited: Promise<ChildExit>;
  /** The tenure the child last reported acquired and not yet released. */
  holding: string | undefined;
  stopped = false;
  /** How often the chaos stopped it, and when it was last continued (`Date.now()`). */
  stops = 0;
  lastResumedAtMs: number | undefined;
  /** The soak SIGKILLed it (chaos or cleanup). */
  killed = false;
  exit: ChildExit | undefined;
  readonly #process: ChildProcess;
  #stderr = '';

  constructor(
    task: ChildTask,
    hostname: string | undefined,
    onReport: (report: ChildReport) => void,
  ) {
    this.task = task;
    this.hostname = hostname;
    const node = [process.execPath, CHILD_SCRIPT, JSON.stringify(task)];
    const [file, ...args] =
      hostname === undefined
        ? node
        : ['unshare', '--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', hostname, ...node];
    this.#process = spawn(file as string, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.#process.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-STDERR_KEPT);
    });
    this.#process.on('message', onReport);
    // An IPC write to a child that just died fails asynchronously; the exit says what happened.
    this.#process.on('error', () => {});
    SoakChild.live.add(this);
    this.exited = new Promise((resolve) => {
      this.#process.once('close', (code, signal) => {
        SoakChild.live.delete(this);
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get pid(): number {
    return this.#process.pid ?? -1;
  }

  get stderr(): string {
    return this.#stderr;
  }

  get running(): boolean {
    return this.exit === undefined && !this.killed;
  }

  send(message: ParentMessage): void {
    if (this.#process.connected) this.#process.send(message, () => {});
  }

  /** SIGKILL: no exit handler runs; works on a stopped process too. */
  kill(): void {
    if (this.exit !== undefined) return;
    this.killed = true;
    this.#process.kill('SIGKILL');
  }

  stop(): void {
    if (!this.running || this.stopped) return;
    this.stopped = true;
    this.stops += 1;
    this.#process.kill('SIGSTOP');
  }

  resume(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.lastResumedAtMs = Date.now();
    if (this.exit === undefined) this.#process.kill('SIGCONT');
  }

  /** Every child still alive, SIGKILLed at once (an interrupted or failed run). */
  static killAll(): void {
    for (const child of SoakChild.live) child.kill();
  }
}

/** "stopped twice, continued 120 ms ago": what the chaos did to a child, for a problem's evidence. */
export function describeStops(child: SoakChild): string {
  if (child.stops === 0) return 'never stopped';
  const last =
    child.lastResumedAtMs === undefined
      ? 'still stopped'
      : `last continued ${Date.now() - child.lastResumedAtMs} ms before`;
  return `stopped ${child.stops}×, ${last}`;
}

export function describeExit(exit: ChildExit | undefined): string {
  if (exit === undefined) return 'still running';
  return exit.signal === null ? `exit code ${exit.code}` : `signal ${exit.signal}`;
}
