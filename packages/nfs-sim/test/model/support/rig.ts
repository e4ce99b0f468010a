import { SeededRandom } from '@linklock/faulty';
import { LINUX_DEFAULTS, type MountOptions } from '../../../src/client/mount-options.js';
import type { NfsClient } from '../../../src/client/nfs-client.js';
import { ProcessFs } from '../../../src/client/process-fs.js';
import type { RpcOptions } from '../../../src/rpc/rpc-channel.js';
import type { Outcome } from '../../../src/server/duplicate-request-cache.js';
import type { NfsServer } from '../../../src/server/nfs-server.js';
import {
  ServerHost,
  type ServerHostOptions,
  type ServerRequest,
} from '../../../src/server/server-host.js';
import type { ClockSpec } from '../../../src/sim/client-clock.js';
import { NfsNetwork } from '../../../src/sim/nfs-network.js';
import { Scheduler } from '../../../src/sim/scheduler.js';
import { settle } from '../../../src/sim/settle.js';
import { TraceSink } from '../../../src/sim/trace-sink.js';
import type { FaultKind } from '../../../src/trace/fault-kind.js';
import type { TraceEvent } from '../../../src/trace/trace-event.js';

/**
 * A small NFS world built from the simulator's parts, for specifying the model one behaviour at
 * a time: one server (with a request log), clients with a scriptable wire, processes on them.
 *
 * Unless a test says otherwise every one-way trip takes exactly {@link ONE_WAY_MS} (no random
 * latency, no long tails, nothing lost), so an RPC costs {@link RPC_MS} and times are exact.
 */

/** The exported directory every rig starts with. */
export const DIR = '/export/locks';
/** One way through the network. */
export const ONE_WAY_MS = 1;
/** A request and its reply. */
export const RPC_MS = 2 * ONE_WAY_MS;
/** Time before the first retransmission (the nfs(5) default for UDP is 1.1 s; round here). */
export const TIMEO_MS = 1_000;

/** Lets `promise` settle by running the scheduler, and returns (or throws) what it settled to. */
export async function runUntilSettled<T>(
  scheduler: Scheduler,
  promise: Promise<T>,
  untilMs = Number.POSITIVE_INFINITY,
): Promise<T> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await scheduler.run(untilMs, () => settled);
  if (!settled) {
    throw new Error(
      `the operation did not settle (virtual time ${scheduler.now()} ms, nothing left to run before ${untilMs} ms)`,
    );
  }
  return promise;
}

/** An operation started now and left running while the test drives the rest of the world. */
export class Pending<T> {
  readonly promise: Promise<T>;
  #state: 'pending' | 'fulfilled' | 'rejected' = 'pending';

  constructor(promise: Promise<T>) {
    this.promise = promise;
    promise.then(
      () => {
        this.#state = 'fulfilled';
      },
      () => {
        this.#state = 'rejected';
      },
    );
  }

  get state(): 'pending' | 'fulfilled' | 'rejected' {
    return this.#state;
  }
}

/** A request as the server received it. */
export interface Received {
  /** True time of arrival. */
  t: number;
  client: string;
  procedure: string;
  xid: string;
  retransmission: boolean;
  /** Whether the server ran it (false: answered from the duplicate request cache). */
  ran: boolean;
}

/** The server machine, logging every request it receives. */
class RecordingServerHost extends ServerHost {
  readonly received: Received[] = [];
  readonly #now: () => number;

  /** `now`: true time since the start of the run, as the log gives it. */
  constructor(options: ServerHostOptions, now: () => number) {
    super(options);
    this.#now = now;
  }

  override execute(request: ServerRequest, run: () => unknown): Outcome {
    const { client, procedure, xid, retransmission } = request;
    const entry: Received = { t: this.#now(), client, procedure, xid, retransmission, ran: false };
    this.received.push(entry);
    const running = () => {
      entry.ran = true;
      return run();
    };
    return super.execute(request, running);
  }
}

/**
 * One client's network and RPC settings, scriptable: drop the next requests, the replies of a
 * given procedure, or everything. RpcChannel reads `lostRequest` once as a request leaves and
 * `lostReply` once just after the server answered it, so these are getters that decide the fate
 * of that one trip (probability 1 or 0, which draws nothing from the random generator).
 */
export class Wire implements RpcOptions {
  minMs = ONE_WAY_MS;
  meanMs = 0;
  tailProbability = 0;
  tailFactor = 1;
  timeoMs = TIMEO_MS;
  retrans = 3;
  soft = false;
  /** Background loss probabilities (drawn from the seeded generator), for random runs. */
  lostRequestProbability = 0;
  lostReplyProbability = 0;
  /** While true, every reply is lost (the server still runs every request it receives). */
  repliesLost = false;
  /** While true, every request is lost (the server never hears of them). */
  requestsLost = false;
  #dropRequests = 0;
  readonly #dropReplies = new Map<string, number>();
  readonly #lastReceived: () => Received | undefined;

  constructor(lastReceived: () => Received | undefined) {
    this.#lastReceived = lastReceived;
  }

  /** Loses the next `count` requests this client sends, whatever they are. */
  dropRequests(count = 1): void {
    this.#dropRequests += count;
  }

  /** Loses the replies to the next `count` requests of `procedure` the server receives. */
  dropReplies(procedure: string, count = 1): void {
    this.#dropReplies.set(procedure, (this.#dropReplies.get(procedure) ?? 0) + count);
  }

  get lostRequest(): number {
    if (this.requestsLost) return 1;
    if (this.#dropRequests > 0) {
      this.#dropRequests -= 1;
      return 1;
    }
    return this.lostRequestProbability;
  }

  get lostReply(): number {
    if (this.repliesLost) return 1;
    const procedure = this.#lastReceived()?.procedure;
    const planned = procedure === undefined ? 0 : (this.#dropReplies.get(procedure) ?? 0);
    if (procedure !== undefined && planned > 0) {
      this.#dropReplies.set(procedure, planned - 1);
      return 1;
    }
    return this.lostReplyProbability;
  }
}

export interface ClientSetup {
  mount?: Partial<MountOptions>;
  clock?: ClockSpec;
  rpc?: Partial<
    Pick<
      Wire,
      | 'minMs'
      | 'meanMs'
      | 'tailProbability'
      | 'tailFactor'
      | 'timeoMs'
      | 'retrans'
      | 'soft'
      | 'lostRequestProbability'
      | 'lostReplyProbability'
    >
  >;
}

/** A client host of the rig. */
export interface RigClient {
  name: string;
  nfs: NfsClient;
  wire: Wire;
  /** A new process on this host (its own pid). */
  process(): RigProcess;
}

/** A process: its filesystem view and its pid (for pauses and crashes). */
export interface RigProcess {
  pid: number;
  fs: ProcessFs;
}

export interface RigOptions {
  /** Entries of the server's duplicate request cache (0: none). */
  drcSize?: number;
  /** Seed of the random generator the wires draw latencies and losses from. */
  seed?: number;
}

export class Rig {
  readonly scheduler = new Scheduler();
  readonly trace = new TraceSink(() => this.scheduler.now());
  readonly host: RecordingServerHost;
  readonly #network: NfsNetwork<RecordingServerHost>;
  #nextPid = 100;

  constructor(options: RigOptions = {}) {
    this.#network = new NfsNetwork({
      scheduler: this.scheduler,
      trace: this.trace,
      random: new SeededRandom(options.seed ?? 1),
      directories: [DIR],
      drcSize: options.drcSize ?? 64,
      serverHost: (parts) => new RecordingServerHost(parts, () => this.scheduler.now()),
    });
    this.host = this.#network.server;
  }

  /** The server's truth. */
  get truth(): NfsServer {
    return this.host.fs;
  }

  /** True (server) time, ms since the start of the run. */
  now(): number {
    return this.scheduler.now();
  }

  client(name: string, setup: ClientSetup = {}): RigClient {
    const wire = new Wire(() => this.host.received.findLast((entry) => entry.client === name));
    Object.assign(wire, setup.rpc ?? {});
    const mount: MountOptions = { ...LINUX_DEFAULTS, ...setup.mount };
    const nfs = this.#network.client({ name, mount, clock: setup.clock ?? {}, rpc: wire });
    return {
      name,
      nfs,
      wire,
      process: () => {
        const pid = this.#nextPid++;
        return { pid, fs: new ProcessFs(nfs, pid, this.trace) };
      },
    };
  }

  /** Runs the world until `promise` settles; returns its value or throws its error. */
  run<T>(promise: Promise<T>): Promise<T> {
    return runUntilSettled(this.scheduler, promise);
  }

  /** Runs the world until `promise` rejects, and returns the error code it rejected with. */
  async errno(promise: Promise<unknown>): Promise<string> {
    try {
      await this.run(promise);
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
    throw new Error('expected the operation to fail, but it succeeded');
  }

  /** Lets `ms` of virtual time pass (everything due meanwhile happens). */
  async advance(ms: number): Promise<void> {
    await this.run(this.scheduler.sleep(ms, undefined));
  }

  /** Lets virtual time pass up to `atMs` (true time). */
  async advanceTo(atMs: number): Promise<void> {
    if (atMs < this.now()) throw new Error(`${atMs} ms is in the past (now ${this.now()} ms)`);
    await this.advance(atMs - this.now());
  }

  /** Runs what is runnable now without letting virtual time pass (promise continuations). */
  settleMicrotasks(): Promise<void> {
    return settle();
  }

  /** The fault events of the trace, optionally of one kind. */
  faults(what?: FaultKind): Extract<TraceEvent, { kind: 'fault' }>[] {
    return this.trace.events.filter(
      (event): event is Extract<TraceEvent, { kind: 'fault' }> =>
        event.kind === 'fault' && (what === undefined || event.what === what),
    );
  }

  /** Requests the server received, optionally of one procedure and/or client. */
  received(procedure?: string, client?: string): Received[] {
    return this.host.received.filter(
      (entry) =>
        (procedure === undefined || entry.procedure === procedure) &&
        (client === undefined || entry.client === client),
    );
  }

  /** The names in the exported directory on the server, sorted. */
  files(): string[] {
    return this.truth.readdir(DIR);
  }
}

/** A path in the exported directory. */
export function inDir(name: string): string {
  return `${DIR}/${name}`;
}
