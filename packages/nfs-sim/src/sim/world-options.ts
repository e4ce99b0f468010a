import type { MountOptions } from '../client/mount-options.js';
import type { RpcOptions } from '../rpc/rpc-channel.js';
import type { WorkloadOptions } from '../workload/workload-options.js';
import type { ClockSpec } from './client-clock.js';

/** One client host of a simulated run. */
export interface ClientSpec {
  name: string;
  mount: MountOptions;
  clock: ClockSpec;
  rpc: RpcOptions;
}

/** Everything that defines a run, resolved from a profile and a seed (and printed with it). */
export interface WorldOptions {
  clients: ClientSpec[];
  /** Processes on each client, in client order. */
  processesPerClient: number[];
  lockfile: string;
  lifetimeMs: number;
  clockSlopMs: number;
  fencing: boolean;
  workload: WorkloadOptions;
  /** Size of the server's duplicate request cache (0: none). */
  drcSize: number;
  /** Server restarts (the duplicate request cache is lost), at these true times. */
  serverRestartsAtMs: number[];
  /**
   * Process crashes: which process (index in spawn order) at which true time; with
   * `holding`, at its first entry into the critical section from that time on (a holder dies).
   */
  crashes: { process: number; atMs: number; holding?: boolean }[];
  /** Process pauses (a GC stall, a laptop lid): which process, when, how long. */
  pauses: { process: number; atMs: number; ms: number }[];
  /** The run stops at this true time even if processes are still working. */
  timeLimitMs: number;
}
