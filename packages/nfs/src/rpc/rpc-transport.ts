import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { XdrDecodeError, type XdrReader } from '../xdr/xdr-reader.js';
import { LocalPort } from './local-port.js';
import { frameRecord, RecordDecoder } from './record-marking.js';
import { RpcCallError } from './rpc-call-error.js';
import {
  type CallHeader,
  encodeCall,
  openReply,
  RpcRejectedError,
  replyXid,
} from './rpc-message.js';

export interface TransportOptions {
  host: string;
  port: number;
  /** Names the server in errors: `NFS server 127.0.0.1:2049`. */
  label: string;
  /** How long to wait for a reply (or a connection) before sending the call again. */
  timeoutMs: number;
  /** Retransmissions a soft call makes before it fails with ETIMEDOUT. */
  retrans: number;
  /** Soft calls give up after `retrans` retransmissions; hard calls never do (a hard mount). */
  soft: boolean;
  /** Replies larger than this are refused as garbage. */
  maxRecordBytes: number;
  /** Where connections come from. @default a kept port below the ephemeral ranges */
  localPort?: LocalPort;
}

export interface CallOptions {
  /** Overrides the transport's `soft`. */
  soft?: boolean;
  /**
   * Fail at once when the connection cannot be made or breaks, instead of retrying: for the
   * first calls to a server, where "nothing listens there" is the answer the user needs.
   */
  failFast?: boolean;
}

export interface TransportStatistics {
  /** Calls made (a retransmission is not a new call). */
  calls: number;
  /** Calls sent again with the same xid, after a timeout or on a new connection. */
  retransmissions: number;
  /** TCP connections opened. */
  connections: number;
}

interface PendingCall {
  xid: number;
  framed: Buffer;
  soft: boolean;
  failFast: boolean;
  /** Transmissions so far (the first is not a retransmission). */
  sends: number;
  /** Timeouts so far: a soft call fails after `retrans + 1`. */
  timeouts: number;
  /** The connection it was last sent on (0: none yet). */
  sentOn: number;
  timer: NodeJS.Timeout | undefined;
  resolve(reply: XdrReader): void;
  reject(error: RpcCallError): void;
}

interface Problem {
  code: string;
  message: string;
}

const FIRST_RECONNECT_DELAY_MS = 50;

/**
 * ONC RPC over one TCP connection, the way a hard NFS mount uses it: calls are multiplexed by
 * transaction id (xid); a call unanswered within `timeoutMs` is sent again with the same xid,
 * so the server's duplicate request cache can recognise it; a broken connection is made again
 * from the same local port ({@link LocalPort}: servers key that cache by client address and
 * port) and every unanswered call is sent again on it. The socket keeps the process alive only while calls are
 * in flight.
 */
export class RpcTransport {
  readonly #options: TransportOptions;
  readonly #pending = new Map<number, PendingCall>();
  readonly #statistics: TransportStatistics = { calls: 0, retransmissions: 0, connections: 0 };
  #nextXid = randomBytes(4).readUInt32BE(0);
  #socket: Socket | undefined;
  #connected = false;
  #connection = 0;
  readonly #localPort: LocalPort;
  /** The last connection attempt failed to bind its local port (no server was asked). */
  #bindFailed = false;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #failedConnects = 0;
  #lastProblem: Problem = { code: 'ETIMEDOUT', message: 'no reply' };
  #closed = false;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#localPort = options.localPort ?? new LocalPort();
  }

  get statistics(): TransportStatistics {
    return { ...this.#statistics };
  }

  /** Sends a call and resolves with a reader at the procedure's result. */
  call(
    header: Omit<CallHeader, 'xid'>,
    args: Uint8Array,
    options: CallOptions = {},
  ): Promise<XdrReader> {
    if (this.#closed) return Promise.reject(this.#closedError());
    const xid = this.#takeXid();
    return new Promise<XdrReader>((resolve, reject) => {
      const pending: PendingCall = {
        xid,
        framed: frameRecord(encodeCall({ ...header, xid }, args)),
        soft: options.soft ?? this.#options.soft,
        failFast: options.failFast ?? false,
        sends: 0,
        timeouts: 0,
        sentOn: 0,
        timer: undefined,
        resolve,
        reject,
      };
      this.#pending.set(xid, pending);
      this.#statistics.calls += 1;
      this.#socket?.ref();
      this.#transmit(pending);
    });
  }

  /** Closes the connection; calls in flight reject with ECONNABORTED. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    this.#failAll(this.#closedError());
    this.#socket?.destroy();
    this.#socket = undefined;
  }

  #closedError(): RpcCallError {
    return new RpcCallError('ECONNABORTED', `${this.#options.label}: the client was closed`);
  }

  #takeXid(): number {
    do this.#nextXid = (this.#nextXid + 1) >>> 0;
    while (this.#pending.has(this.#nextXid));
    return this.#nextXid;
  }

  /** Sends on the live connection, or asks for one (which sends every call not yet on it). */
  #transmit(pending: PendingCall): void {
    if (this.#connected && this.#socket !== undefined) {
      if (pending.sends > 0) this.#statistics.retransmissions += 1;
      pending.sends += 1;
      pending.sentOn = this.#connection;
      this.#socket.write(pending.framed);
    } else {
      this.#ensureConnection();
    }
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => this.#timedOut(pending), this.#options.timeoutMs);
  }

  #timedOut(pending: PendingCall): void {
    if (!this.#pending.has(pending.xid)) return;
    pending.timeouts += 1;
    if (pending.soft && pending.timeouts > this.#options.retrans) {
      const sends = `${pending.sends} transmission${pending.sends === 1 ? '' : 's'}`;
      const message = `${this.#options.label}: no reply after ${sends} of ${this.#options.timeoutMs} ms each (${this.#lastProblem.message})`;
      this.#settle(pending).reject(new RpcCallError('ETIMEDOUT', message));
      return;
    }
    this.#transmit(pending);
  }

  #ensureConnection(): void {
    if (this.#socket !== undefined || this.#reconnectTimer !== undefined || this.#closed) return;
    const connection = ++this.#connection;
    this.#statistics.connections += 1;
    const { host, port, timeoutMs, maxRecordBytes } = this.#options;
    const localPort = this.#localPort.port;
    const socket =
      localPort === undefined ? connect({ host, port }) : connect({ host, port, localPort });
    this.#bindFailed = false;
    socket.setNoDelay(true);
    this.#socket = socket;
    const decoder = new RecordDecoder(maxRecordBytes);
    const connectTimer = setTimeout(() => {
      socket.destroy(
        Object.assign(new Error(`no connection within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }),
      );
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(connectTimer);
      this.#connected = true;
      this.#failedConnects = 0;
      this.#localPort.connected();
      for (const pending of this.#pending.values()) {
        if (pending.sentOn !== connection) this.#transmit(pending);
      }
      if (this.#pending.size === 0) socket.unref();
    });
    socket.on('data', (chunk: Buffer) => this.#received(socket, decoder, chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const portTaken = error.code === 'EADDRINUSE' || error.code === 'EADDRNOTAVAIL';
      if (portTaken && localPort !== undefined) {
        this.#bindFailed = true;
        this.#localPort.unusable();
        return;
      }
      this.#lastProblem = describeSocketError(error, this.#options.label);
    });
    socket.on('close', () => {
      clearTimeout(connectTimer);
      this.#connectionLost(socket, decoder.midRecord);
    });
  }

  #received(socket: Socket, decoder: RecordDecoder, chunk: Buffer): void {
    let records: Buffer[];
    try {
      records = decoder.push(chunk);
    } catch (error) {
      this.#garbage(socket, error);
      return;
    }
    for (const record of records) {
      const xid = replyXid(record);
      if (xid === undefined) {
        this.#garbage(socket, new XdrDecodeError(`a record of ${record.length} bytes`));
        return;
      }
      const pending = this.#pending.get(xid);
      if (pending !== undefined) this.#answer(socket, pending, record);
      // Otherwise a late reply to a call already answered (the reply to a retransmission).
    }
  }

  #answer(socket: Socket, pending: PendingCall, record: Buffer): void {
    let reader: XdrReader;
    try {
      reader = openReply(record);
    } catch (error) {
      if (!(error instanceof RpcRejectedError)) {
        this.#garbage(socket, error);
        return;
      }
      const code = error.message.startsWith('AUTH_ERROR') ? 'EACCES' : 'EPROTO';
      const message = `${this.#options.label} refused the call: ${error.message}`;
      this.#settle(pending).reject(new RpcCallError(code, message));
      return;
    }
    this.#settle(pending).resolve(reader);
  }

  /** The server sent something that is not an RPC reply: every call on it fails, none hangs. */
  #garbage(socket: Socket, error: unknown): void {
    const detail = error instanceof Error ? error.message : String(error);
    const message = `${this.#options.label} does not answer as an ONC RPC server over TCP: ${detail}`;
    this.#failAll(new RpcCallError('EPROTO', message, { cause: error }));
    socket.destroy();
  }

  #connectionLost(socket: Socket, midReply: boolean): void {
    if (this.#socket !== socket) return;
    const wasConnected = this.#connected;
    this.#socket = undefined;
    this.#connected = false;
    if (this.#closed) return;
    if (this.#bindFailed) {
      // Our local port was taken, the server was not even asked: at once, from another port.
      if (this.#pending.size > 0) this.#ensureConnection();
      return;
    }
    if (wasConnected) {
      const how = midReply ? 'in the middle of a reply' : 'with calls unanswered';
      this.#lastProblem = {
        code: 'ECONNRESET',
        message: `${this.#options.label} closed the connection ${how}`,
      };
    } else {
      this.#failedConnects += 1;
    }
    for (const pending of [...this.#pending.values()]) {
      if (!pending.failFast) continue;
      const { code, message } = this.#lastProblem;
      this.#settle(pending).reject(new RpcCallError(code, message));
    }
    if (this.#pending.size === 0) return;
    // Unanswered calls go out again on a new connection: at once after a break, after a
    // growing pause (up to the timeout) while the server cannot be reached.
    const delayMs = wasConnected
      ? 0
      : Math.min(this.#options.timeoutMs, FIRST_RECONNECT_DELAY_MS * 2 ** this.#failedConnects);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#ensureConnection();
    }, delayMs);
  }

  #settle(pending: PendingCall): PendingCall {
    clearTimeout(pending.timer);
    this.#pending.delete(pending.xid);
    if (this.#pending.size === 0) this.#socket?.unref();
    return pending;
  }

  #failAll(error: RpcCallError): void {
    for (const pending of [...this.#pending.values()]) this.#settle(pending).reject(error);
  }
}

function describeSocketError(error: NodeJS.ErrnoException, label: string): Problem {
  const code = error.code ?? 'EIO';
  switch (code) {
    case 'ECONNREFUSED':
      return { code, message: `${label} refused the connection (no server listens there)` };
    case 'ECONNRESET':
      return { code, message: `${label} reset the connection` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { code: 'EHOSTUNREACH', message: `${label}: the host name does not resolve` };
    default:
      return { code, message: `${label}: ${error.message}` };
  }
}
