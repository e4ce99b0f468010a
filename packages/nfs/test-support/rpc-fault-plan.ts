import { RPC_MESSAGE } from '../src/rpc/rpc-message.js';
import { XdrDecodeError, XdrReader } from '../src/xdr/xdr-reader.js';

/**
 * A fault to inject once, on the `nth` original call of a procedure counted from when the rule
 * was added. Retransmissions (an xid the proxy has seen before) are not counted and never match.
 */
export interface ProxyRule {
  /** Default 100003 (NFS). */
  program?: number;
  /** E.g. 15 = NFSv3 LINK, 8 = CREATE, 12 = REMOVE, 14 = RENAME. */
  procedure: number;
  /** Default 1. */
  nth?: number;
  /**
   * - `drop-reply`: the server runs the call, its reply is discarded, the connection stays up.
   * - `delay-reply`: the reply is forwarded after `delayMs`; other records keep flowing.
   * - `cut-after-reply`: the server runs the call and replies; the reply is discarded and both
   *   connections are reset.
   * - `cut-before-request`: both connections are reset; the call never reaches the server.
   */
  action: 'drop-reply' | 'delay-reply' | 'cut-after-reply' | 'cut-before-request';
  /** For `delay-reply`. */
  delayMs?: number;
  /**
   * For the cuts: the client's next connection reaches the server from another port, so the
   * server's duplicate request cache (keyed by address and port) does not know its
   * retransmissions: a client whose port changed, or a server whose cache lost them.
   */
  newPort?: boolean;
}

/** One line of the proxy's log: what crossed it, in order. */
export interface ProxyEvent {
  /**
   * - `connect`: the upstream connection for a downstream one is up (`clientPort`, `upstreamPort`).
   * - `call`, `reply`: an RPC record crossed, or was held back (`action`).
   * - `cut`: the proxy reset both connections for a rule (`xid` etc. of the rule's call).
   * - `garbage`: a record that is not an RPC call (from the client) or reply (from the server),
   *   forwarded unchanged (`from`, `detail`).
   * - `note`: something worth knowing (`detail`): a socket error, a stream that is not record
   *   marked, or a client's upstream port that could not be bound again.
   */
  kind: 'connect' | 'call' | 'reply' | 'cut' | 'garbage' | 'note';
  /** 1, 2, ... per downstream connection accepted (0 for the listener). */
  connection: number;
  xid?: number;
  /** Undefined on a reply to an xid the proxy never saw called. */
  program?: number;
  procedure?: number;
  /** On a call: the proxy has seen this xid before (on any connection). */
  retransmission?: boolean;
  /**
   * On a reply: the first word of the result (`nfsstat3` for NFSv3, `mountstat3` for MOUNT) when
   * the reply is MSG_ACCEPTED with SUCCESS and has a result.
   */
  status?: number;
  action?: 'forwarded' | 'dropped' | 'delayed' | 'cut';
  clientPort?: number;
  upstreamPort?: number;
  from?: 'client' | 'server';
  detail?: string;
}

/**
 * What to do with a record: pass it on, discard it, pass it on later, or cut the connection
 * (and with `cut-new-port`, reach the server from another port afterwards).
 */
export type Verdict = 'forward' | 'drop' | Cut | { delayMs: number };
export type Cut = 'cut' | 'cut-new-port';

const NFS_PROGRAM = 100_003;

interface ArmedRule {
  rule: ProxyRule;
  originalCalls: number;
}

/**
 * The RPC side of the fault proxy, without sockets: reads each record's head, matches calls
 * against the rules, judges each record, and keeps the event log.
 */
export class FaultPlan {
  #rules: ArmedRule[] = [];
  readonly #events: ProxyEvent[] = [];
  /** Every xid called through the proxy, with its program and procedure. */
  readonly #calls = new Map<number, { program: number; procedure: number }>();
  /** The rules waiting for the reply to a call they matched, by connection and xid. */
  readonly #armedReplies = new Map<string, ProxyRule>();

  addRule(rule: ProxyRule): void {
    this.#rules.push({ rule, originalCalls: 0 });
  }

  clearRules(): void {
    this.#rules = [];
  }

  events(): readonly ProxyEvent[] {
    return [...this.#events];
  }

  repliesTo(xid: number): readonly ProxyEvent[] {
    return this.#events.filter((event) => event.kind === 'reply' && event.xid === xid);
  }

  log(event: ProxyEvent): void {
    this.#events.push(event);
  }

  /** A record from the client: `forward` or a cut. */
  fromClient(connection: number, record: Buffer): 'forward' | Cut {
    const call = peekRpcRecord(record);
    if (call?.type !== 'call') {
      this.#garbage(connection, 'client', record);
      return 'forward';
    }
    const { xid, program, procedure } = call;
    const retransmission = this.#calls.has(xid);
    this.#calls.set(xid, { program, procedure });
    const rule = retransmission ? undefined : this.#fire(program, procedure);
    const event = { kind: 'call', connection, xid, program, procedure, retransmission } as const;
    if (rule?.action === 'cut-before-request') {
      this.log({ ...event, action: 'cut' });
      this.log({ kind: 'cut', connection, xid, program, procedure });
      return cutOf(rule);
    }
    if (rule) this.#armedReplies.set(`${connection}:${xid}`, rule);
    this.log({ ...event, action: 'forwarded' });
    return 'forward';
  }

  /** A record from the server. */
  fromServer(connection: number, record: Buffer): Verdict {
    const reply = peekRpcRecord(record);
    if (reply?.type !== 'reply') {
      this.#garbage(connection, 'server', record);
      return 'forward';
    }
    const { xid, status } = reply;
    const key = `${connection}:${xid}`;
    const rule = this.#armedReplies.get(key);
    this.#armedReplies.delete(key);
    const call = this.#calls.get(xid);
    const event: ProxyEvent = { kind: 'reply', connection, xid, ...call };
    if (status !== undefined) event.status = status;
    switch (rule?.action) {
      case 'drop-reply':
        this.log({ ...event, action: 'dropped' });
        return 'drop';
      case 'delay-reply':
        this.log({ ...event, action: 'delayed' });
        return { delayMs: rule.delayMs ?? 0 };
      case 'cut-after-reply':
        this.log({ ...event, action: 'cut' });
        this.log({ kind: 'cut', connection, xid, ...call });
        return cutOf(rule);
      default:
        this.log({ ...event, action: 'forwarded' });
        return 'forward';
    }
  }

  /** Counts an original call against the armed rules; returns the one that fires, if any. */
  #fire(program: number, procedure: number): ProxyRule | undefined {
    let due: ArmedRule | undefined;
    for (const armed of this.#rules) {
      if ((armed.rule.program ?? NFS_PROGRAM) !== program) continue;
      if (armed.rule.procedure !== procedure) continue;
      armed.originalCalls += 1;
      // One rule acts per call; another one due on the same call acts on the next one.
      if (!due && armed.originalCalls >= (armed.rule.nth ?? 1)) due = armed;
    }
    if (due) this.#rules = this.#rules.filter((armed) => armed !== due);
    return due?.rule;
  }

  #garbage(connection: number, from: 'client' | 'server', record: Buffer): void {
    const detail = `${record.length} bytes: ${record.subarray(0, 16).toString('hex')}`;
    this.log({ kind: 'garbage', connection, from, detail });
  }
}

function cutOf(rule: ProxyRule): Cut {
  return rule.newPort ? 'cut-new-port' : 'cut';
}

const { CALL, REPLY, VERSION: RPC_VERSION, MSG_ACCEPTED, MSG_DENIED, MAX_AUTH_BYTES } = RPC_MESSAGE;
const SUCCESS = RPC_MESSAGE.ACCEPT_SUCCESS;

type PeekedRecord =
  | { type: 'call'; xid: number; program: number; procedure: number }
  | { type: 'reply'; xid: number; status: number | undefined };

/** The head of an RPC call or reply (RFC 5531, section 9); undefined for anything else. */
export function peekRpcRecord(record: Buffer): PeekedRecord | undefined {
  try {
    const reader = new XdrReader(record);
    const xid = reader.uint32();
    const messageType = reader.uint32();
    if (messageType === CALL) {
      if (reader.uint32() !== RPC_VERSION) return undefined;
      const program = reader.uint32();
      reader.uint32(); // the program's version
      const procedure = reader.uint32();
      return { type: 'call', xid, program, procedure };
    }
    if (messageType !== REPLY) return undefined;
    const replyStat = reader.uint32();
    if (replyStat === MSG_DENIED) return { type: 'reply', xid, status: undefined };
    if (replyStat !== MSG_ACCEPTED) return undefined;
    reader.uint32(); // the verifier's flavor
    reader.opaque(MAX_AUTH_BYTES); // and its body
    const acceptStat = reader.uint32();
    const status = acceptStat === SUCCESS && reader.remaining >= 4 ? reader.uint32() : undefined;
    return { type: 'reply', xid, status };
  } catch (error) {
    if (error instanceof XdrDecodeError) return undefined;
    throw error;
  }
}
