import type { Clock, HostIdentity, Logger } from '@linklock/core';
import { SeededRandom } from '@linklock/faulty';
import type { LockAlgorithm } from '../algorithms/algorithm.js';
import type { NfsClient } from '../client/nfs-client.js';
import { ProcessFs } from '../client/process-fs.js';
import { parentOf } from '../server/path-parts.js';
import { ServerHost } from '../server/server-host.js';
import { runProcess } from '../workload/simulated-process.js';
import { HolderCrashes } from './holder-crashes.js';
import { NfsNetwork } from './nfs-network.js';
import { Scheduler } from './scheduler.js';
import { TraceSink } from './trace-sink.js';
import type { WorldOptions } from './world-options.js';

export interface WorldOutcome {
  /** Whether every process exited or crashed before the time limit. */
  finished: boolean;
  simulatedMs: number;
  events: number;
  processes: number;
}

/**
 * One simulated run: a server, its clients, and processes on them running a lock algorithm
 * through the real code, all on one scheduler and one seed. Faults planned by the options
 * (crashes, pauses, server restarts) are events like any other.
 */
export class World {
  readonly scheduler = new Scheduler();
  readonly trace = new TraceSink(() => this.scheduler.now());
  readonly #options: WorldOptions;
  readonly #random: SeededRandom;
  readonly #server: ServerHost;
  readonly #clients: NfsClient[];
  readonly #alive = new Set<string>();
  /** Processes that exited or crashed. */
  readonly #stopped = new Set<number>();
  readonly #holderCrashes = new HolderCrashes(
    () => this.scheduler.now(),
    (pid) => this.#crash(pid),
  );

  /** `directories`: created on the server before the run, besides the lock file's directory (an algorithm's `directories`). */
  constructor(options: WorldOptions, seed: number, directories: readonly string[] = []) {
    this.#options = options;
    this.#random = new SeededRandom(seed);
    const network = new NfsNetwork({
      scheduler: this.scheduler,
      trace: this.trace,
      random: this.#random,
      directories: [parentOf(options.lockfile), ...directories],
      drcSize: options.drcSize,
      serverHost: (parts) => new ServerHost(parts),
    });
    this.#server = network.server;
    // Clients first, in their order, then processes: the seed's random forks go in this order.
    this.#clients = options.clients.map((spec) => network.client(spec));
  }

  async run(algorithm: LockAlgorithm): Promise<WorldOutcome> {
    const processes = this.#spawn(algorithm);
    for (const { pid, done } of processes) {
      done.then(
        () => this.#stopped.add(pid),
        (error: unknown) => {
          // A bug in the algorithm or the simulation, not a lock outcome: make it loud.
          this.trace.add({
            kind: 'log',
            pid,
            level: 'error',
            message: `process failed: ${String(error)}`,
          });
          this.#stopped.add(pid);
        },
      );
    }
    this.#planFaults(processes.map((p) => p.pid));
    const finished = await this.scheduler.run(
      this.#options.timeLimitMs,
      () => this.#stopped.size === processes.length,
    );
    const directory = parentOf(this.#options.lockfile);
    this.trace.add({ kind: 'end', files: this.#filesUnder(directory) });
    return {
      finished,
      simulatedMs: this.scheduler.now(),
      events: this.scheduler.fired,
      processes: processes.length,
    };
  }

  /**
   * The files left under `directory`, those in its subdirectories (an algorithm's protocol
   * directories) named by their path from it. Directories themselves are not listed: the
   * server has no mkdir, so every one of them existed before the run.
   */
  #filesUnder(directory: string): string[] {
    return this.#server.fs.readdir(directory).flatMap((name) => {
      const path = `${directory}/${name}`;
      if (this.#server.fs.getattrPath(path).type !== 'directory') return [name];
      return this.#filesUnder(path).map((inner) => `${name}/${inner}`);
    });
  }

  #spawn(algorithm: LockAlgorithm): { pid: number; done: Promise<void> }[] {
    const spawned: { pid: number; done: Promise<void> }[] = [];
    let pid = 1000;
    this.#clients.forEach((client, index) => {
      for (let n = 0; n < (this.#options.processesPerClient[index] ?? 0); n += 1) {
        pid += 1;
        spawned.push({ pid, done: this.#start(algorithm, client, pid) });
      }
    });
    return spawned;
  }

  #start(algorithm: LockAlgorithm, client: NfsClient, pid: number): Promise<void> {
    const { lockfile, lifetimeMs, clockSlopMs, fencing, workload } = this.#options;
    this.#alive.add(`${client.name}/${pid}`);
    const random = this.#random.fork();
    const lock = algorithm.create({
      lockfile,
      fs: new ProcessFs(client, pid, this.trace),
      clock: this.#clockFor(client, pid),
      random,
      identity: this.#identityFor(client, pid),
      logger: this.#loggerFor(pid),
      lifetimeMs,
      clockSlopMs,
      fencing,
      onCompromised: (message) =>
        this.trace.add({ kind: 'compromised', pid, source: 'refresh', message }),
    });
    const parts = {
      scheduler: this.scheduler,
      trace: this.trace,
      random: random.fork(),
      workload,
      shared: algorithm.shared === true,
      entered: () => this.#holderCrashes.entered(pid),
    };
    // Starts on the first turn of the simulation, not during construction.
    return this.scheduler.sleep(0, pid).then(() => runProcess(pid, client.name, lock, parts));
  }

  #planFaults(pids: number[]): void {
    const { crashes, pauses, serverRestartsAtMs } = this.#options;
    for (const { process, atMs, holding } of crashes) {
      const pid = pids[process];
      if (pid === undefined) continue;
      if (holding) this.#holderCrashes.plan(pid, atMs);
      else this.scheduler.at(atMs, undefined, () => this.#crash(pid));
    }
    for (const { process, atMs, ms } of pauses) {
      const pid = pids[process];
      if (pid === undefined) continue;
      this.scheduler.at(atMs, undefined, () => {
        if (this.scheduler.isCrashed(pid)) return;
        this.trace.add({ kind: 'pause', pid, ms });
        this.scheduler.pause(pid, ms);
      });
    }
    for (const atMs of serverRestartsAtMs)
      this.scheduler.at(atMs, undefined, () => this.#server.restart());
    for (const spec of this.#options.clients) {
      for (const step of spec.clock.steps ?? []) {
        this.scheduler.at(step.atMs, undefined, () =>
          this.trace.fault('clock-step', { client: spec.name, detail: `${step.byMs} ms` }),
        );
      }
    }
  }

  #crash(pid: number): void {
    if (this.scheduler.isCrashed(pid)) return;
    this.scheduler.crash(pid);
    this.#stopped.add(pid);
    for (const key of this.#alive) if (key.endsWith(`/${pid}`)) this.#alive.delete(key);
    this.trace.add({ kind: 'crash', pid });
  }

  #clockFor(client: NfsClient, pid: number): Clock {
    return {
      now: () => client.now(),
      monotonic: () => this.scheduler.now(),
      sleep: (ms, signal) => this.scheduler.sleep(ms, pid, signal),
      // A timer without an AbortController: the lock arms one at every acquisition.
      schedule: (ms, callback) => {
        const event = this.scheduler.at(this.scheduler.now() + Math.max(0, ms), pid, callback);
        return () => {
          event.cancelled = true;
        };
      },
    };
  }

  #identityFor(client: NfsClient, pid: number): HostIdentity {
    return {
      hostname: client.name,
      pid,
      bootId: `boot-${client.name}`,
      pidNamespace: 'pid:[4026531836]',
      isProcessAlive: (other) => this.#alive.has(`${client.name}/${other}`),
    };
  }

  #loggerFor(pid: number): Logger {
    const trace = this.trace;
    return {
      debug() {},
      info() {},
      warn: (message) => trace.add({ kind: 'log', pid, level: 'warn', message }),
      error: (message) => trace.add({ kind: 'log', pid, level: 'error', message }),
    };
  }
}
