import { type ChildProcess, spawn } from 'node:child_process';
import { onInterrupt } from './interrupt-cleanup.js';

/**
 * A process that keeps one core busy (a loop that never yields), for measuring the lock as it
 * runs on a machine doing other work: with a neighbour on the other core, a thread-pool round
 * trip gets cheaper (the pool's threads stay awake) while a process's own CPU time does not.
 */
export class BusyNeighbour {
  readonly #child: ChildProcess;
  readonly #forget: () => void;

  private constructor(child: ChildProcess) {
    this.#child = child;
    // An interrupted benchmark (Ctrl-C) must not leave it spinning.
    this.#forget = onInterrupt(() => child.kill('SIGKILL'));
  }

  static start(): BusyNeighbour {
    return new BusyNeighbour(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  }

  /** Stops the neighbour and resolves once it has exited. */
  async stop(): Promise<void> {
    this.#forget();
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.kill('SIGKILL');
    await exited;
  }
}

/** Runs `work` with a busy neighbour, stopping it on every path. */
export async function withBusyNeighbour<T>(work: () => Promise<T>): Promise<T> {
  const neighbour = BusyNeighbour.start();
  try {
    return await work();
  } finally {
    await neighbour.stop();
  }
}
