import { TraceSink } from '../sim/trace-sink.js';
import type { Outcome } from './duplicate-request-cache.js';
import type { NfsServer } from './nfs-server.js';
import { ServerHost } from './server-host.js';

export type { Outcome } from './duplicate-request-cache.js';

/** What one call does: run it once, or lose its reply so that the client sends it again. */
export interface ModelCall {
  /** The reply is lost and the call sent again: the cache `replays` it or `forgot` it. */
  retransmitted?: 'replays' | 'forgot';
  /** Idempotent calls are not remembered by the duplicate request cache. @default false */
  idempotent?: boolean;
}

/**
 * The simulated file server alone, procedure by procedure, with its duplicate request cache
 * and without clients or time: what a test runs the same operations against as against a
 * real NFS server, to check that the model answers as the server does.
 */
export class ServerModel {
  readonly fs: NfsServer;
  readonly #host: ServerHost;
  #nowMs = 0;
  #xids = 0;

  constructor(directories: string[]) {
    const now = () => (this.#nowMs += 1);
    this.#host = new ServerHost({ now, directories, drcSize: 1024, trace: new TraceSink(now) });
    this.fs = this.#host.fs;
  }

  /** Runs `run` as one RPC; with `retransmitted`, its retransmission's answer is returned. */
  call(procedure: string, run: () => unknown, options: ModelCall = {}): Outcome {
    const request = {
      xid: `model:${++this.#xids}`,
      client: 'model',
      procedure,
      retransmission: false,
      idempotent: options.idempotent ?? false,
    };
    const first = this.#host.execute(request, run);
    if (options.retransmitted === undefined) return first;
    if (options.retransmitted === 'forgot') this.#host.restart();
    return this.#host.execute({ ...request, retransmission: true }, run);
  }
}
