import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frameRecord, RecordDecoder } from '../src/rpc/record-marking.js';
import { XdrReader } from '../src/xdr/xdr-reader.js';
import { XdrWriter } from '../src/xdr/xdr-writer.js';
import { type ProxyEvent, RpcFaultProxy } from '../test-support/rpc-fault-proxy.js';

const NFS = 100_003;
const MOUNT = 100_005;
const CREATE = 8;
const REMOVE = 12;
const RENAME = 14;
const LINK = 15;
const NFS3ERR_EXIST = 17;
const WAIT = { timeout: 2000, interval: 2 };

/** An RPC call with AUTH_NONE credentials and a few bytes of arguments. */
function callRecord(xid: number, procedure: number, program = NFS): Buffer {
  const writer = new XdrWriter()
    .uint32(xid)
    .uint32(0) // CALL
    .uint32(2) // RPC version
    .uint32(program)
    .uint32(3)
    .uint32(procedure)
    .uint32(0) // AUTH_NONE credentials
    .opaque(Buffer.alloc(0))
    .uint32(0) // AUTH_NONE verifier
    .opaque(Buffer.alloc(0))
    .string(`arguments of call ${xid}`);
  return Buffer.from(writer.bytes());
}

/** An accepted, successful reply whose result is one status word. */
function replyRecord(xid: number, status: number): Buffer {
  const writer = new XdrWriter().uint32(xid).uint32(1).uint32(0); // REPLY, MSG_ACCEPTED
  writer.uint32(0).opaque(Buffer.alloc(0)).uint32(0).uint32(status); // AUTH_NONE, SUCCESS
  return Buffer.from(writer.bytes());
}

interface Reply {
  xid: number;
  status: number;
}

function readReply(record: Buffer): Reply {
  const reader = new XdrReader(record);
  const xid = reader.uint32();
  expect([reader.uint32(), reader.uint32(), reader.uint32()]).toEqual([1, 0, 0]);
  reader.opaque();
  expect(reader.uint32()).toBe(0);
  return { xid, status: reader.uint32() };
}

/**
 * An RPC server that runs every call: the first execution of an xid answers 0, a repeated one
 * NFS3ERR_EXIST (no duplicate request cache). A record that is not a call is echoed back.
 */
class FakeServer {
  readonly executions = new Map<number, number>();
  readonly records: Buffer[] = [];
  /** Every byte received, across connections. */
  readonly bytes: Buffer[] = [];
  /** The client port of each connection accepted, in order. */
  readonly remotePorts: number[] = [];
  readonly open = new Set<net.Socket>();
  /** Replies are held until this many are pending, then written in one chunk. */
  batchReplies = 1;
  /** Each reply chunk is written in two parts, 20 ms apart. */
  splitReplies = false;
  readonly #server: net.Server;

  private constructor(server: net.Server) {
    this.#server = server;
  }

  get port(): number {
    return (this.#server.address() as net.AddressInfo).port;
  }

  static async start(): Promise<FakeServer> {
    const server = net.createServer();
    const fake = new FakeServer(server);
    server.on('connection', (socket) => fake.#serve(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #serve(socket: net.Socket): void {
    this.open.add(socket);
    this.remotePorts.push(socket.remotePort!);
    socket.on('error', () => {});
    socket.on('close', () => this.open.delete(socket));
    const decoder = new RecordDecoder(1 << 20);
    let pending: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      this.bytes.push(chunk);
      for (const record of decoder.push(chunk)) {
        this.records.push(record);
        const reader = new XdrReader(record);
        const xid = reader.uint32();
        if (reader.uint32() !== 0) {
          socket.write(frameRecord(record));
          continue;
        }
        const count = (this.executions.get(xid) ?? 0) + 1;
        this.executions.set(xid, count);
        pending.push(frameRecord(replyRecord(xid, count === 1 ? 0 : NFS3ERR_EXIST)));
      }
      if (pending.length < this.batchReplies) return;
      const replies = Buffer.concat(pending);
      pending = [];
      if (!this.splitReplies) return void socket.write(replies);
      socket.write(replies.subarray(0, 6));
      setTimeout(() => socket.write(replies.subarray(6)), 20);
    });
  }
}

/** A client socket that sends raw bytes and collects the replies. */
class RawClient {
  readonly replies: Reply[] = [];
  readonly garbage: Buffer[] = [];
  /** The code of the error the socket met, e.g. ECONNRESET when the proxy reset it. */
  error: string | undefined;
  #closed = false;
  readonly socket: net.Socket;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    const decoder = new RecordDecoder(1 << 20);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.error = error.code;
    });
    socket.once('close', () => {
      this.#closed = true;
    });
    socket.on('data', (chunk: Buffer) => {
      for (const record of decoder.push(chunk)) {
        if (record.readUInt32BE(4) === 1) this.replies.push(readReply(record));
        else this.garbage.push(record);
      }
    });
  }

  static async connect(
    port: number,
    localPort?: number,
    localAddress = '127.0.0.1',
  ): Promise<RawClient> {
    const local = localPort === undefined ? {} : { localAddress, localPort };
    const socket = net.connect({ host: '127.0.0.1', port, ...local });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  /** Sends records in one write. */
  send(...records: Buffer[]): void {
    this.socket.write(Buffer.concat(records.map((record) => frameRecord(record))));
  }

  closed(): Promise<void> {
    return vi.waitFor(() => {
      if (!this.#closed) throw new Error('the socket is still open');
    }, WAIT);
  }

  reply(xid: number): Promise<Reply> {
    return vi.waitFor(() => {
      const reply = this.replies.find((candidate) => candidate.xid === xid);
      if (!reply) throw new Error(`no reply to ${xid} yet`);
      return reply;
    }, WAIT);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The log line of an original NFS call forwarded on `connection`, unless `more` says else. */
function callEvent(connection: number, xid: number, procedure: number, more?: Partial<ProxyEvent>) {
  const event = { kind: 'call', connection, xid, program: NFS, procedure, retransmission: false };
  return { ...event, action: 'forwarded', ...more };
}

/** The log line of a reply to an NFS call forwarded on `connection`, unless `more` says else. */
function replyEvent(
  connection: number,
  xid: number,
  procedure: number,
  status: number,
  more?: Partial<ProxyEvent>,
) {
  const event = { kind: 'reply', connection, xid, program: NFS, procedure, status };
  return { ...event, action: 'forwarded', ...more };
}

describe(RpcFaultProxy, () => {
  let server: FakeServer;
  let proxy: RpcFaultProxy;
  const clients: RawClient[] = [];

  async function connect(localPort?: number, localAddress?: string): Promise<RawClient> {
    const client = await RawClient.connect(proxy.port, localPort, localAddress);
    clients.push(client);
    return client;
  }

  /**
   * A client on a source port below the usual ephemeral ranges, so that no connection elsewhere
   * takes it between a reset and the reconnection from it.
   */
  async function connectFromFixedPort(): Promise<RawClient> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await connect(20_000 + Math.floor(Math.random() * 12_000));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 20) throw error;
      }
    }
  }

  beforeEach(async () => {
    server = await FakeServer.start();
    proxy = await RpcFaultProxy.start({ upstreamHost: '127.0.0.1', upstreamPort: server.port });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.socket.destroy();
    await proxy.close();
    await server.close();
  });

  describe('forwarding', () => {
    it('forwards several records in one chunk both ways, unchanged, and logs them', async () => {
      server.batchReplies = 3;
      const client = await connect();
      const calls = [callRecord(1, LINK), callRecord(2, CREATE), callRecord(3, 1, MOUNT)];
      client.send(...calls);
      await client.reply(3);
      expect(server.records).toEqual(calls);
      expect(client.replies).toEqual([1, 2, 3].map((xid) => ({ xid, status: 0 })));
      const mount = { program: MOUNT, procedure: 1 };
      expect(proxy.events()).toEqual([
        {
          kind: 'connect',
          connection: 1,
          clientPort: client.socket.localPort,
          upstreamPort: server.remotePorts[0],
        },
        callEvent(1, 1, LINK),
        callEvent(1, 2, CREATE),
        callEvent(1, 3, 1, mount),
        replyEvent(1, 1, LINK, 0),
        replyEvent(1, 2, CREATE, 0),
        replyEvent(1, 3, 1, 0, mount),
      ]);
    });

    it('reassembles a record split across chunks and fragments, and re-frames it', async () => {
      server.splitReplies = true;
      const client = await connect();
      const call = callRecord(7, LINK);
      const twoFragments = Buffer.concat([
        Buffer.from([0, 0, 0, 12]), // not the last fragment: 12 bytes
        call.subarray(0, 12),
        frameRecord(call.subarray(12)),
      ]);
      client.socket.write(twoFragments.subarray(0, 10));
      await sleep(20);
      client.socket.write(twoFragments.subarray(10, 18));
      await sleep(20);
      client.socket.write(twoFragments.subarray(18));
      expect(await client.reply(7)).toEqual({ xid: 7, status: 0 });
      expect(Buffer.concat(server.bytes)).toEqual(frameRecord(call));
      expect(proxy.repliesTo(7)).toEqual([replyEvent(1, 7, LINK, 0)]);
    });

    it('forwards garbage records unchanged both ways and logs them', async () => {
      const client = await connect();
      const garbage = Buffer.from('not an RPC message at all');
      client.send(garbage, callRecord(8, CREATE));
      await client.reply(8);
      await vi.waitFor(() => expect(client.garbage).toEqual([garbage]), WAIT);
      expect(server.records).toEqual([garbage, callRecord(8, CREATE)]);
      const logged = proxy.events().filter((event) => event.kind === 'garbage');
      expect(logged).toMatchObject([
        { connection: 1, from: 'client' },
        { connection: 1, from: 'server' },
      ]);
      expect(logged[0]!.detail).toContain(`${garbage.length} bytes`);
    });

    it('closes a connection that is not record-marked, logs a note, and serves others', async () => {
      const bad = await connect();
      bad.socket.write(Buffer.from([0xff, 0xff, 0xff, 0xff]));
      await bad.closed();
      expect(proxy.events().find((event) => event.kind === 'note')).toMatchObject({
        connection: 1,
        detail: expect.stringContaining('not record-marked'),
      });
      const good = await connect();
      good.send(callRecord(9, LINK));
      expect(await good.reply(9)).toEqual({ xid: 9, status: 0 });
    });
  });

  describe('faults', () => {
    it('drop-reply loses the reply to the nth call; its retransmission gets through', async () => {
      proxy.addRule({ procedure: LINK, nth: 2, action: 'drop-reply' });
      const client = await connect();
      client.send(callRecord(1, LINK), callRecord(2, CREATE));
      await client.reply(2);
      client.send(callRecord(3, LINK));
      await vi.waitFor(() => expect(server.executions.get(3)).toBe(1), WAIT);
      // Replies are forwarded in order: had the reply to 3 passed, it would precede this one.
      client.send(callRecord(4, LINK));
      await client.reply(4);
      expect(client.replies.map((reply) => reply.xid)).toEqual([1, 2, 4]);
      client.send(callRecord(3, LINK));
      expect(await client.reply(3)).toEqual({ xid: 3, status: NFS3ERR_EXIST });
      expect(server.executions.get(3)).toBe(2);
      const calls = proxy.events().filter((event) => event.kind === 'call');
      expect(calls.map((call) => [call.xid, call.retransmission])).toEqual([
        [1, false],
        [2, false],
        [3, false],
        [4, false],
        [3, true],
      ]);
      expect(proxy.repliesTo(3)).toEqual([
        replyEvent(1, 3, LINK, 0, { action: 'dropped' }),
        replyEvent(1, 3, LINK, NFS3ERR_EXIST),
      ]);
    });

    it('delay-reply holds one reply back while the others flow', async () => {
      proxy.addRule({ procedure: CREATE, action: 'delay-reply', delayMs: 100 });
      const client = await connect();
      const sent = performance.now();
      client.send(callRecord(10, CREATE), callRecord(11, CREATE));
      await client.reply(11);
      expect(client.replies).toEqual([{ xid: 11, status: 0 }]);
      await client.reply(10);
      expect(performance.now() - sent).toBeGreaterThanOrEqual(95);
      expect(client.replies.map((reply) => reply.xid)).toEqual([11, 10]);
      expect(proxy.repliesTo(10)).toMatchObject([{ status: 0, action: 'delayed' }]);
      expect(proxy.repliesTo(11)).toMatchObject([{ status: 0, action: 'forwarded' }]);
    });

    it('cut-after-reply: the call ran, the client reconnects and keeps its upstream port', async () => {
      proxy.addRule({ procedure: REMOVE, action: 'cut-after-reply' });
      const first = await connectFromFixedPort();
      const clientPort = first.socket.localPort!;
      first.send(callRecord(20, REMOVE));
      await first.closed();
      expect(first.error).toBe('ECONNRESET');
      expect(first.replies).toEqual([]);
      expect(server.executions.get(20)).toBe(1);
      await vi.waitFor(() => expect(server.open.size).toBe(0), WAIT);

      const again = await connect(clientPort);
      again.send(callRecord(20, REMOVE));
      expect(await again.reply(20)).toEqual({ xid: 20, status: NFS3ERR_EXIST });
      const upstreamPort = server.remotePorts[0];
      expect(server.remotePorts).toEqual([upstreamPort, upstreamPort]);
      expect(proxy.events()).toEqual([
        { kind: 'connect', connection: 1, clientPort, upstreamPort },
        callEvent(1, 20, REMOVE),
        replyEvent(1, 20, REMOVE, 0, { action: 'cut' }),
        { kind: 'cut', connection: 1, xid: 20, program: NFS, procedure: REMOVE },
        { kind: 'connect', connection: 2, clientPort, upstreamPort },
        callEvent(2, 20, REMOVE, { retransmission: true }),
        replyEvent(2, 20, REMOVE, NFS3ERR_EXIST),
      ]);
      expect(proxy.repliesTo(20).map((reply) => reply.action)).toEqual(['cut', 'forwarded']);
    });

    it('cut-after-reply with newPort: the reconnecting client reaches the server from another port', async () => {
      proxy.addRule({ procedure: REMOVE, action: 'cut-after-reply', newPort: true });
      const first = await connectFromFixedPort();
      const clientPort = first.socket.localPort!;
      first.send(callRecord(23, REMOVE));
      await first.closed();
      await vi.waitFor(() => expect(server.open.size).toBe(0), WAIT);
      const again = await connect(clientPort);
      again.send(callRecord(23, REMOVE));
      expect(await again.reply(23)).toEqual({ xid: 23, status: NFS3ERR_EXIST });
      const [before, after] = server.remotePorts;
      expect(after).not.toBe(before);
      expect(server.executions.get(23)).toBe(2);
    });

    // 127.0.0.2 is loopback on Linux only.
    it.skipIf(process.platform !== 'linux')(
      'falls back to another upstream port when the old one is taken, and notes it',
      async () => {
        const first = await connectFromFixedPort();
        const clientPort = first.socket.localPort!;
        first.send(callRecord(21, REMOVE));
        await first.reply(21);
        // The same source port from another address: the first upstream socket holds its port.
        const second = await connect(clientPort, '127.0.0.2');
        second.send(callRecord(22, REMOVE));
        expect(await second.reply(22)).toEqual({ xid: 22, status: 0 });
        const [kept, other] = server.remotePorts;
        expect(other).not.toBe(kept);
        expect(
          proxy.events().filter((event) => event.kind !== 'call' && event.kind !== 'reply'),
        ).toMatchObject([
          { kind: 'connect', connection: 1, clientPort, upstreamPort: kept },
          {
            kind: 'note',
            connection: 2,
            detail: expect.stringMatching(
              `upstream port ${kept} not kept.*(EADDRINUSE|EADDRNOTAVAIL)`,
            ),
          },
          { kind: 'connect', connection: 2, clientPort, upstreamPort: other },
        ]);
      },
    );

    it('cut-before-request: the call never reaches the server', async () => {
      proxy.addRule({ procedure: RENAME, action: 'cut-before-request' });
      const first = await connectFromFixedPort();
      const clientPort = first.socket.localPort!;
      first.send(callRecord(30, LINK), callRecord(31, RENAME), callRecord(32, LINK));
      await first.closed();
      expect(first.error).toBe('ECONNRESET');
      await vi.waitFor(() => expect(server.open.size).toBe(0), WAIT);
      expect(server.records.map((record) => record.readUInt32BE(0))).toEqual([30]);
      expect(proxy.events().slice(-2)).toEqual([
        callEvent(1, 31, RENAME, { action: 'cut' }),
        { kind: 'cut', connection: 1, xid: 31, program: NFS, procedure: RENAME },
      ]);

      const again = await connect(clientPort);
      again.send(callRecord(31, RENAME));
      expect(await again.reply(31)).toEqual({ xid: 31, status: 0 });
      expect(proxy.events().filter((event) => event.kind === 'call' && event.xid === 31)).toEqual([
        callEvent(1, 31, RENAME, { action: 'cut' }),
        callEvent(2, 31, RENAME, { retransmission: true }),
      ]);
    });

    it('fires each rule once, only on its program and procedure; clearRules disarms', async () => {
      proxy.addRule({ procedure: REMOVE, action: 'drop-reply' });
      proxy.addRule({ program: MOUNT, procedure: LINK, action: 'drop-reply' });
      const client = await connect();
      client.send(callRecord(40, LINK), callRecord(41, REMOVE), callRecord(42, REMOVE));
      await client.reply(42);
      proxy.clearRules();
      proxy.addRule({ procedure: LINK, action: 'cut-before-request' });
      proxy.clearRules();
      client.send(callRecord(43, LINK), callRecord(44, REMOVE));
      await client.reply(44);
      expect(client.replies.map((reply) => reply.xid)).toEqual([40, 42, 43, 44]);
      const actions = proxy.events().filter((event) => event.kind === 'reply');
      expect(actions.map((event) => [event.xid, event.action])).toEqual([
        [40, 'forwarded'],
        [41, 'dropped'],
        [42, 'forwarded'],
        [43, 'forwarded'],
        [44, 'forwarded'],
      ]);
    });
  });

  it('close() ends every connection and timer and leaves no handle open', async () => {
    const handles = (kind: string) =>
      process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const clearTimeoutSpy = vi.spyOn(globalThis, 'clearTimeout');
    try {
      proxy.addRule({ procedure: CREATE, action: 'delay-reply', delayMs: 10_000 });
      const [a, b] = [await connect(), await connect()];
      a.send(callRecord(50, CREATE));
      b.send(callRecord(51, LINK));
      await b.reply(51);
      await vi.waitFor(() => expect(proxy.repliesTo(50)).toHaveLength(1), WAIT);
      expect(server.open.size).toBe(2);
      const delayed = setTimeoutSpy.mock.calls.findIndex(([, ms]) => ms === 10_000);
      const delayTimer = setTimeoutSpy.mock.results[delayed]?.value;

      await proxy.close();
      expect(delayTimer).toBeDefined();
      expect(clearTimeoutSpy).toHaveBeenCalledWith(delayTimer);
      await Promise.all([a.closed(), b.closed()]);
      await vi.waitFor(() => expect(server.open.size).toBe(0), WAIT);
      // What is left is the fake server's listener. (A closed listener's handle stays listed until
      // the loop's next close phase, after its 'close' event.)
      await vi.waitFor(() => {
        expect(handles('TCPServerWrap')).toBe(1);
        expect(handles('TCPSocketWrap')).toBe(0);
      }, WAIT);
      expect(a.replies).toEqual([]);
      await expect(RawClient.connect(proxy.port)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      setTimeoutSpy.mockRestore();
      clearTimeoutSpy.mockRestore();
    }
  });
});
