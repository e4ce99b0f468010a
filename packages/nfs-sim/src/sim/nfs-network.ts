import type { SeededRandom } from '@linklock/faulty';
import { NfsClient } from '../client/nfs-client.js';
import { RpcChannel } from '../rpc/rpc-channel.js';
import type { ServerHost, ServerHostOptions } from '../server/server-host.js';
import { ClientClock, SIM_EPOCH_MS } from './client-clock.js';
import type { Scheduler } from './scheduler.js';
import type { TraceSink } from './trace-sink.js';
import type { ClientSpec } from './world-options.js';

export interface NfsNetworkOptions<Host extends ServerHost> {
  scheduler: Scheduler;
  trace: TraceSink;
  /**
   * Each client's RPC channel draws its latencies and losses from a fork of this, made when
   * the client is: the order clients are made in is part of the seed's draw.
   */
  random: SeededRandom;
  /** Directories that exist on the server from the start. */
  directories: string[];
  /** Entries of the server's duplicate request cache (0: none). */
  drcSize: number;
  /** Makes the server host from its parts: a `ServerHost`, or a test's subclass that records. */
  serverHost: (options: ServerHostOptions) => Host;
  /** The server's clock, what it stamps modification times with. @default the true time from the simulation's epoch */
  serverNow?: () => number;
}

/**
 * One simulated NFS: a server host, and client hosts that reach it each over its own RPC
 * channel, on one scheduler and one trace. The one place that wires them together, for a
 * simulated run (`World`), the standalone adapters (`StandaloneNfs`) and the model's tests.
 * The server stamps times with the true time from the simulation's epoch (unless given a clock).
 */
export class NfsNetwork<Host extends ServerHost = ServerHost> {
  readonly server: Host;
  readonly #scheduler: Scheduler;
  readonly #trace: TraceSink;
  readonly #random: SeededRandom;

  constructor(options: NfsNetworkOptions<Host>) {
    const { scheduler, trace, directories, drcSize } = options;
    this.#scheduler = scheduler;
    this.#trace = trace;
    this.#random = options.random;
    const now = options.serverNow ?? (() => SIM_EPOCH_MS + scheduler.now());
    this.server = options.serverHost({ now, directories, drcSize, trace });
  }

  /** A new client host as `spec` describes it, with its RPC channel to the server. */
  client(spec: ClientSpec): NfsClient {
    const scheduler = this.#scheduler;
    const trace = this.#trace;
    const rpc = new RpcChannel(
      spec.name,
      scheduler,
      this.server,
      this.#random.fork(),
      spec.rpc,
      trace,
    );
    const parts = { scheduler, server: this.server.fs, rpc, trace };
    return new NfsClient(spec.name, spec.mount, new ClientClock(spec.clock), parts);
  }
}
