import type { Clock, FsAdapter } from '@linklock/core';
import { SeededRandom } from '@linklock/faulty';
import type { MountOptions } from '../client/mount-options.js';
import type { NfsClient } from '../client/nfs-client.js';
import { ProcessFs } from '../client/process-fs.js';
import { QUICK_RPC } from '../profiles.js';
import type { RpcOptions } from '../rpc/rpc-channel.js';
import { ServerHost } from '../server/server-host.js';
import type { ClockSpec } from '../sim/client-clock.js';
import { NfsNetwork } from '../sim/nfs-network.js';
import { Scheduler } from '../sim/scheduler.js';
import { TraceSink } from '../sim/trace-sink.js';
import { SchedulerDriver } from './scheduler-driver.js';
import { StandaloneProcessFs } from './standalone-process-fs.js';

export interface StandaloneNfsOptions {
  /** Directories that exist on the server from the start (the simulated server has no mkdir). */
  directories: string[];
  /** Seeds the RPC latencies. @default 1 */
  seed?: number;
  /** The RPC transport of every client: by default fast (about 0.1 ms a trip) and lossless. */
  rpc?: Partial<RpcOptions>;
  /**
   * The clock the server stamps modification times with. By default the simulation's own time,
   * which moves only by RPC latencies here; give the conformance suite's clock
   * (`createAdapters({ clock })`) so that its cases in filesystem time see time pass.
   */
  clock?: Pick<Clock, 'now'>;
}

/**
 * A simulated NFS server and its clients outside a simulation run: each `process()` is the
 * `FsAdapter` of one process on a client host, with that host's caches, usable by any code
 * that takes an `FsAdapter` (a `Lock`, the conformance suites). Calls drive the simulation's
 * scheduler while they are in flight, so no `simulate()` is needed; processes on one client
 * share its caches, processes on different clients see each other only through the server.
 */
export class StandaloneNfs {
  readonly scheduler = new Scheduler();
  readonly #trace = new TraceSink(() => this.scheduler.now());
  readonly #driver = new SchedulerDriver(this.scheduler);
  readonly #network: NfsNetwork;
  readonly #rpc: RpcOptions;
  readonly #clients = new Map<string, NfsClient>();
  #nextPid = 1000;

  constructor(options: StandaloneNfsOptions) {
    this.#rpc = { ...QUICK_RPC, ...options.rpc };
    const clock = options.clock;
    this.#network = new NfsNetwork({
      scheduler: this.scheduler,
      trace: this.#trace,
      random: new SeededRandom(options.seed ?? 1),
      directories: options.directories,
      drcSize: 0,
      serverHost: (parts) => new ServerHost(parts),
      ...(clock ? { serverNow: () => clock.now() } : {}),
    });
  }

  /**
   * The adapter of a new process on client host `client`, mounted with `mount` (the client is
   * created at its first process; later calls reuse its mount and clock).
   */
  process(client: string, mount: MountOptions, clock: ClockSpec = {}): FsAdapter {
    const host = this.#clientNamed(client, mount, clock);
    const processFs = new ProcessFs(host, this.#nextPid++, this.#trace);
    return new StandaloneProcessFs(processFs, this.#driver);
  }

  #clientNamed(name: string, mount: MountOptions, clock: ClockSpec): NfsClient {
    const existing = this.#clients.get(name);
    if (existing !== undefined) return existing;
    const client = this.#network.client({ name, mount, clock, rpc: this.#rpc });
    this.#clients.set(name, client);
    return client;
  }
}
