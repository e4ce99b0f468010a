import type { SeededRandom } from '@linklock/faulty';
import type { Outcome } from '../server/duplicate-request-cache.js';
import { NfsStatus } from '../server/nfs-status.js';
import type { ServerHost, ServerRequest } from '../server/server-host.js';
import type { Scheduler } from '../sim/scheduler.js';
import type { TraceSink } from '../sim/trace-sink.js';

export interface RpcOptions {
  /** One-way latency: `minMs` plus an exponential part of mean `meanMs`. */
  minMs: number;
  meanMs: number;
  /** A rare long tail: with this probability a trip takes `tailFactor` times longer. */
  tailProbability: number;
  tailFactor: number;
  /** Probability that a request never reaches the server. */
  lostRequest: number;
  /** Probability that a reply never reaches the client (the operation did happen). */
  lostReply: number;
  /** Time before the first retransmission; doubles at each one, up to 60 s. */
  timeoMs: number;
  /** Soft mounts give up with EIO after this many retransmissions. */
  retrans: number;
  /** `soft`: give up after `retrans`; `hard` (false): retransmit forever. */
  soft: boolean;
}

const MAX_TIMEOUT_MS = 60_000;

/** A trip whose request was lost. */
const LOST: Promise<undefined> = Promise.resolve(undefined);

/**
 * One client's RPC transport to the server: every request is two trips with a latency, each of
 * which can be lost. A client that gets no reply retransmits with the same transaction id after
 * its timeout, so the server's duplicate request cache decides whether the retransmission runs
 * again. A soft mount gives up with EIO, possibly after the operation took effect.
 */
export class RpcChannel {
  readonly #client: string;
  readonly #scheduler: Scheduler;
  readonly #server: ServerHost;
  readonly #random: SeededRandom;
  readonly #options: RpcOptions;
  readonly #trace: TraceSink;
  #xids = 0;

  constructor(
    client: string,
    scheduler: Scheduler,
    server: ServerHost,
    random: SeededRandom,
    options: RpcOptions,
    trace: TraceSink,
  ) {
    this.#client = client;
    this.#scheduler = scheduler;
    this.#server = server;
    this.#random = random;
    this.#options = options;
    this.#trace = trace;
  }

  /**
   * Sends a request on behalf of process `pid` and resolves with the server's answer (or rejects
   * with its errno). `idempotent` requests are not remembered by the duplicate request cache.
   */
  async call<T>(
    pid: number,
    procedure: string,
    run: () => T,
    { idempotent }: { idempotent: boolean },
  ): Promise<T> {
    const xid = `${this.#client}:${++this.#xids}`;
    let timeoutMs = this.#options.timeoMs;
    for (let attempt = 0; ; attempt += 1) {
      const sentAt = this.#scheduler.now();
      const request = {
        xid,
        client: this.#client,
        procedure,
        retransmission: attempt > 0,
        idempotent,
      };
      const outcome = await this.#trip(pid, request, run);
      if (outcome !== undefined) {
        if (outcome.ok) return outcome.value as T;
        throw new NfsStatus(outcome.code, procedure);
      }
      await this.#scheduler.sleep(Math.max(0, sentAt + timeoutMs - this.#scheduler.now()), pid);
      if (this.#options.soft && attempt >= this.#options.retrans) {
        this.#trace.fault('soft-timeout', { client: this.#client, pid, detail: procedure });
        throw new NfsStatus('EIO', procedure);
      }
      timeoutMs = Math.min(timeoutMs * 2, MAX_TIMEOUT_MS);
    }
  }

  /**
   * One request and its reply; `undefined` when either was lost. The server runs the request
   * when it arrives, as the request's event fires; the reply is the process's event (its pause
   * holds it back, its crash drops it). Scheduled as events, without a promise per leg.
   */
  #trip(pid: number, request: ServerRequest, run: () => unknown): Promise<Outcome | undefined> {
    const { procedure } = request;
    if (this.#random.chance(this.#options.lostRequest)) {
      this.#trace.fault('lost-request', { client: this.#client, pid, detail: procedure });
      return LOST;
    }
    return new Promise((resolve) => {
      this.#scheduler.after(this.#latency(pid), undefined, () => {
        const outcome = this.#server.execute(request, run);
        if (this.#random.chance(this.#options.lostReply)) {
          this.#trace.fault('lost-reply', { client: this.#client, pid, detail: procedure });
          resolve(undefined);
          return;
        }
        this.#scheduler.after(this.#latency(pid), pid, () => resolve(outcome));
      });
    });
  }

  #latency(pid: number): number {
    const { minMs, meanMs, tailProbability, tailFactor } = this.#options;
    let ms = minMs + this.#random.exponential(meanMs);
    if (this.#random.chance(tailProbability)) {
      ms *= tailFactor;
      this.#trace.fault('long-tail', { client: this.#client, pid, detail: `${Math.round(ms)} ms` });
    }
    return ms;
  }
}
