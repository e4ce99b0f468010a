import type { Attributes } from '../server/attributes.js';
import type { NfsServer } from '../server/nfs-server.js';
import type { TraceSink } from '../sim/trace-sink.js';

/**
 * Notes in the trace when a client answers from a cache that disagrees with the server (for the
 * report: the client's view against the truth). It only reads the truth; it steers nothing.
 */
export class StalenessNotes {
  readonly #client: string;
  readonly #server: NfsServer;
  readonly #trace: TraceSink;

  constructor(client: string, server: NfsServer, trace: TraceSink) {
    this.#client = client;
    this.#server = server;
    this.#trace = trace;
  }

  lookup(pid: number, path: string, ino: number | null): void {
    const exists = this.#server.exists(path);
    if ((ino === null) === !exists) return;
    this.#trace.fault('stale-lookup', {
      client: this.#client,
      pid,
      detail: `${path}: client ${ino === null ? 'absent' : 'present'}, server ${exists ? 'present' : 'absent'}`,
    });
  }

  attributes(pid: number, path: string, cached: Attributes): void {
    if (!this.#server.exists(path)) return;
    const truth = this.#server.getattrPath(path);
    if (truth.change === cached.change) return;
    this.#trace.fault('stale-attributes', {
      client: this.#client,
      pid,
      detail: `${path}: nlink ${cached.nlink}/${truth.nlink}, mtime ${cached.mtimeMs}/${truth.mtimeMs}`,
    });
  }

  /** A cached listing that names other files than the directory holds (H19). */
  listing(pid: number, directory: string, cached: readonly string[]): void {
    const truth = new Set(this.#server.readdir(directory));
    const missing = [...truth].filter((name) => !cached.includes(name));
    const gone = cached.filter((name) => !truth.has(name));
    if (missing.length === 0 && gone.length === 0) return;
    this.#trace.fault('stale-listing', {
      client: this.#client,
      pid,
      detail: `${directory}: unlisted ${missing.join(' ') || '-'}; listed but gone ${gone.join(' ') || '-'}`,
    });
  }
}
