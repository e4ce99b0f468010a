import type { TraceSink } from '../sim/trace-sink.js';
import type { Errno } from '../trace/codes.js';
import { DuplicateRequestCache, type Outcome } from './duplicate-request-cache.js';
import { NfsServer } from './nfs-server.js';

/** What a server host is made of. */
export interface ServerHostOptions {
  /** The server's clock (what it stamps times with). */
  now: () => number;
  /** Directories that exist from the start (the simulated server has no mkdir). */
  directories: string[];
  /** Entries of the duplicate request cache (0: none). */
  drcSize: number;
  trace: TraceSink;
}

/** One request as it reaches the server. */
export interface ServerRequest {
  /** The transaction id: the same for every retransmission of one call. */
  xid: string;
  client: string;
  procedure: string;
  /** Sent again after no reply came: the duplicate request cache may answer it. */
  retransmission: boolean;
  /** Idempotent requests are not remembered by the duplicate request cache. */
  idempotent: boolean;
}

/**
 * The server machine: the file server's truth plus its duplicate request cache, and restarts
 * (which lose the cache, as a reboot of knfsd does).
 */
export class ServerHost {
  readonly fs: NfsServer;
  readonly #drc: DuplicateRequestCache;
  readonly #trace: TraceSink;
  /**
   * Non-idempotent requests that have run, by transaction id: what tells a retransmission that
   * runs again (`drc-miss`) from one whose first transmission never arrived. Bookkeeping of the
   * simulation, not of the server: a restart does not clear it.
   */
  readonly #ran = new Set<string>();

  constructor({ now, directories, drcSize, trace }: ServerHostOptions) {
    this.fs = new NfsServer(now, directories);
    this.#drc = new DuplicateRequestCache(drcSize);
    this.#trace = trace;
  }

  /**
   * Runs one request. A retransmitted non-idempotent request is answered from the DRC when its
   * first reply is still there; otherwise it runs again (and a LINK answers EEXIST), which the
   * trace notes as a `drc-miss` only if it had run before (not when only its request was lost).
   */
  execute(request: ServerRequest, run: () => unknown): Outcome {
    const { xid, client, procedure, retransmission, idempotent } = request;
    if (!idempotent && retransmission) {
      const cached = this.#drc.get(xid);
      if (cached !== undefined) {
        this.#trace.fault('drc-replay', { client, detail: `${xid} ${procedure}` });
        return cached;
      }
      if (this.#ran.has(xid))
        this.#trace.fault('drc-miss', { client, detail: `${xid} ${procedure}` });
    }
    if (!idempotent) this.#ran.add(xid);
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: run() };
    } catch (error) {
      // Only the server's own errors (NfsStatus) carry a code; anything else fails as EIO.
      outcome = { ok: false, code: (error as { code?: Errno }).code ?? 'EIO' };
    }
    if (!idempotent) this.#drc.remember(xid, outcome);
    return outcome;
  }

  restart(): void {
    this.#drc.clear();
    this.#trace.fault('server-restart', {});
  }
}
