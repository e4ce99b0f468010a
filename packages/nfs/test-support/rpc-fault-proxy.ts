import net from 'node:net';
import { frameRecord, RecordDecoder } from '../src/rpc/record-marking.js';
import { type Cut, FaultPlan, type ProxyEvent, type ProxyRule } from './rpc-fault-plan.js';

export type { ProxyEvent, ProxyRule } from './rpc-fault-plan.js';

export interface RpcFaultProxyOptions {
  upstreamHost: string;
  upstreamPort: number;
  /** Default 127.0.0.1. */
  listenHost?: string;
  /** Default 0: any free port. */
  listenPort?: number;
}

const MAX_RECORD_BYTES = 16 * 1024 * 1024;
/**
 * Upstream ports are first taken from here: below the ephemeral ranges of Linux (32768-60999)
 * and of BSD, macOS and Windows (49152-65535), so that no connection elsewhere is given the port
 * between a cut and the reconnection (as a Linux NFS client binds a reserved port).
 */
const FIXED_PORTS = { from: 20_000, count: 12_768 };
const FIXED_PORT_ATTEMPTS = 10;
const REBIND_ATTEMPTS = 5;
const REBIND_RETRY_MS = 20;

/** A downstream connection and the upstream one made for it. */
interface Link {
  connection: number;
  clientPort: number;
  downstream: net.Socket;
  upstream: net.Socket;
  cut: boolean;
}

/**
 * A TCP proxy for ONC RPC (RFC 5531) that forwards whole records (RFC 5531, section 11) both
 * ways and injects faults on chosen calls: a lost reply, a late reply, a connection cut after or
 * before the server ran the call. Nothing throws out of it: socket errors are logged as notes
 * and close the other side too.
 *
 * Each downstream connection gets its own upstream one. A client reconnecting from a source port
 * seen before gets an upstream connection from the same local port as before, as a Linux NFS
 * client keeps its port so that the server's duplicate request cache (keyed by address and port)
 * recognises its retransmissions. (Keyed by the source port alone: every client is on 127.0.0.1.)
 * A new client port gets a random upstream port outside the ephemeral ranges, so that no other
 * connection takes it meanwhile. When the old port cannot be bound after a few tries, another
 * one is used and a `note` event says so.
 */
export class RpcFaultProxy {
  readonly host: string;
  readonly port: number;
  readonly #server: net.Server;
  readonly #options: RpcFaultProxyOptions;
  readonly #plan = new FaultPlan();
  /** By downstream source port: the local port of the last upstream socket for it. */
  readonly #upstreamPorts = new Map<number, number>();
  readonly #sockets = new Set<net.Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #connections = 0;
  #closed = false;

  private constructor(server: net.Server, options: RpcFaultProxyOptions) {
    this.#server = server;
    this.#options = options;
    const address = server.address() as net.AddressInfo;
    this.host = address.address;
    this.port = address.port;
  }

  static async start(options: RpcFaultProxyOptions): Promise<RpcFaultProxy> {
    const server = net.createServer({ pauseOnConnect: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.listenPort ?? 0, options.listenHost ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const proxy = new RpcFaultProxy(server, options);
    server.on('connection', (socket) => {
      proxy.#accept(socket).catch((error: unknown) => {
        socket.destroy();
        proxy.#note(0, `accepting a connection: ${String(error)}`);
      });
    });
    server.on('error', (error) => proxy.#note(0, `listener: ${error.message}`));
    return proxy;
  }

  /** Arms a rule; it fires once. */
  addRule(rule: ProxyRule): void {
    this.#plan.addRule(rule);
  }

  /** Disarms the rules that have not fired (a reply already awaited by one still gets its fault). */
  clearRules(): void {
    this.#plan.clearRules();
  }

  /** What crossed the proxy, in order. */
  events(): readonly ProxyEvent[] {
    return this.#plan.events();
  }

  /** The replies seen for one xid, in order: e.g. the dropped first one and the retransmission's. */
  repliesTo(xid: number): readonly ProxyEvent[] {
    return this.#plan.repliesTo(xid);
  }

  /** Closes the listener, every connection and every pending timer; resolves once all closed. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    const closing = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    const sockets = [...this.#sockets].map(
      (socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())),
    );
    for (const socket of this.#sockets) socket.destroy();
    await Promise.all([closing, ...sockets]);
  }

  async #accept(downstream: net.Socket): Promise<void> {
    const connection = ++this.#connections;
    this.#track(downstream);
    downstream.on('error', (error) => this.#note(connection, `client socket: ${error.message}`));
    const clientPort = downstream.remotePort ?? 0;
    const upstream = await this.#connectUpstream(connection, clientPort);
    if (!upstream || downstream.destroyed) {
      upstream?.destroy();
      downstream.destroy();
      return;
    }
    const upstreamPort = upstream.localPort ?? 0;
    this.#upstreamPorts.set(clientPort, upstreamPort);
    this.#plan.log({ kind: 'connect', connection, clientPort, upstreamPort });
    this.#forward({ connection, clientPort, downstream, upstream, cut: false });
  }

  /**
   * Connects from the local port used before for this client port, retrying while it is busy;
   * for a new client port, from a random port outside the ephemeral ranges; else from any port.
   */
  async #connectUpstream(connection: number, clientPort: number): Promise<net.Socket | undefined> {
    const previous = this.#upstreamPorts.get(clientPort);
    const { socket, failure } =
      previous === undefined
        ? await this.#connectFrom(connection, FIXED_PORT_ATTEMPTS, 0, () => randomFixedPort())
        : await this.#connectFrom(connection, REBIND_ATTEMPTS, REBIND_RETRY_MS, () => previous);
    if (socket) return socket;
    if (previous !== undefined) {
      this.#note(connection, `upstream port ${previous} not kept: ${String(failure)}`);
    }
    try {
      return await this.#connect(connection, {});
    } catch (error) {
      this.#note(connection, `cannot reach the server: ${String(error)}`);
      return undefined;
    }
  }

  /** Tries to connect from `port()` while that port is in use. */
  async #connectFrom(
    connection: number,
    attempts: number,
    retryMs: number,
    port: () => number,
  ): Promise<{ socket?: net.Socket; failure?: unknown }> {
    let failure: unknown;
    for (let attempt = 1; attempt <= attempts && !this.#closed; attempt += 1) {
      if (attempt > 1 && retryMs > 0) {
        await new Promise<void>((resolve) => this.#after(retryMs, resolve));
      }
      try {
        return { socket: await this.#connect(connection, { localPort: port() }) };
      } catch (error) {
        failure = error;
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL') break;
      }
    }
    return { failure };
  }

  #connect(connection: number, local: { localPort?: number }): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new Error('proxy closed'));
      const { upstreamHost: host, upstreamPort: port } = this.#options;
      const socket = net.connect({ host, port, ...local });
      this.#track(socket);
      const closed = () => reject(new Error('closed while connecting'));
      socket.once('error', reject);
      socket.once('close', closed);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.off('close', closed);
        socket.on('error', (error) => this.#note(connection, `server socket: ${error.message}`));
        resolve(socket);
      });
    });
  }

  #forward(link: Link): void {
    const { connection, downstream, upstream } = link;
    const fromClient = new RecordDecoder(MAX_RECORD_BYTES);
    const fromServer = new RecordDecoder(MAX_RECORD_BYTES);
    downstream.on('close', () => upstream.destroy());
    upstream.on('close', () => downstream.destroy());
    downstream.on('data', (chunk: Buffer) => {
      for (const record of this.#records(link, fromClient, chunk)) {
        if (link.cut) return;
        const verdict = this.#plan.fromClient(connection, record);
        if (verdict === 'forward') upstream.write(frameRecord(record));
        else this.#cut(link, verdict);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      for (const record of this.#records(link, fromServer, chunk)) {
        if (link.cut) return;
        const verdict = this.#plan.fromServer(connection, record);
        if (verdict === 'cut' || verdict === 'cut-new-port') this.#cut(link, verdict);
        else if (verdict === 'forward') downstream.write(frameRecord(record));
        else if (verdict !== 'drop') {
          this.#after(verdict.delayMs, () => {
            if (!downstream.destroyed) downstream.write(frameRecord(record));
          });
        }
      }
    });
    downstream.resume();
  }

  #records(link: Link, decoder: RecordDecoder, chunk: Buffer): Buffer[] {
    try {
      return decoder.push(chunk);
    } catch (error) {
      this.#note(link.connection, `not record-marked RPC, connection closed: ${String(error)}`);
      link.downstream.destroy();
      link.upstream.destroy();
      return [];
    }
  }

  /** Resets both connections (no FIN, no TIME_WAIT): the client sees its connection break. */
  #cut(link: Link, how: Cut): void {
    link.cut = true;
    if (how === 'cut-new-port') this.#upstreamPorts.delete(link.clientPort);
    link.downstream.resetAndDestroy();
    link.upstream.resetAndDestroy();
  }

  #note(connection: number, detail: string): void {
    this.#plan.log({ kind: 'note', connection, detail });
  }

  #track(socket: net.Socket): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  #after(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
    }, ms);
    this.#timers.add(timer);
  }
}

function randomFixedPort(): number {
  return FIXED_PORTS.from + Math.floor(Math.random() * FIXED_PORTS.count);
}
