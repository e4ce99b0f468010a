import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frameRecord, RecordDecoder } from '../src/rpc/record-marking.js';
import { XdrReader } from '../src/xdr/xdr-reader.js';
import { XdrWriter } from '../src/xdr/xdr-writer.js';
import { RpcFaultProxy } from '../test-support/rpc-fault-proxy.js';

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
  readonly closed: Promise<void>;
  readonly socket: net.Socket;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    const decoder = new RecordDecoder(1 << 20);
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      for (const record of decoder.push(chunk)) {
        if (record.readUInt32BE(4) === 1) this.replies.push(readReply(record));
        else this.garbage.push(record);
      }
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async connect(port: number, localPort?: number): Promise<RawClient> {
    const local = localPort === undefined ? {} : { localAddress: '127.0.0.1', localPort };
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

  reply(xid: number): Promise<Reply> {
    return vi.waitFor(() => {
      const reply = this.replies.find((candidate) => candidate.xid === xid);
      if (!reply) throw new Error(`no reply to ${xid} yet`);
      return reply;
    }, WAIT);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(RpcFaultProxy, () => {
  let server: FakeServer;
  let proxy: RpcFaultProxy;
  const clients: RawClient[] = [];

  async function connect(localPort?: number): Promise<RawClient> {
    const client = await RawClient.connect(proxy.port, localPort);
    clients.push(client);
    return client;
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
      expect(proxy.events()).toEqual([
        {
          kind: 'connect',
          connection: 1,
          clientPort: client.socket.localPort,
          upstreamPort: server.remotePorts[0],
        },
        ...[LINK, CREATE].map((procedure, i) => ({
          kind: 'call',
          connection: 1,
          xid: i + 1,
          program: NFS,
          procedure,
          retransmission: false,
          action: 'forwarded',
        })),
        {
          kind: 'call',
          connection: 1,
          xid: 3,
          program: MOUNT,
          procedure: 1,
          retransmission: false,
          action: 'forwarded',
        },
        ...[LINK, CREATE].map((procedure, i) => ({
          kind: 'reply',
          connection: 1,
          xid: i + 1,
          program: NFS,
          procedure,
          status: 0,
          action: 'forwarded',
        })),
        {
          kind: 'reply',
          connection: 1,
          xid: 3,
          program: MOUNT,
          procedure: 1,
          status: 0,
          action: 'forwarded',
        },
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
      expect(proxy.repliesTo(7)).toEqual([
        {
          kind: 'reply',
          connection: 1,
          xid: 7,
          program: NFS,
          procedure: LINK,
          status: 0,
          action: 'forwarded',
        },
      ]);
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
      await bad.closed;
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
        {
          kind: 'reply',
          connection: 1,
          xid: 3,
          program: NFS,
          procedure: LINK,
          status: 0,
          action: 'dropped',
        },
        {
          kind: 'reply',
          connection: 1,
          xid: 3,
          program: NFS,
          procedure: LINK,
          status: NFS3ERR_EXIST,
          action: 'forwarded',
        },
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
      const first = await connect();
      const clientPort = first.socket.localPort!;
      first.send(callRecord(20, REMOVE));
      await first.closed;
      expect(first.replies).toEqual([]);
      expect(server.executions.get(20)).toBe(1);
      await vi.waitFor(() => expect(server.open.size).toBe(0), WAIT);

      const again = await connect(clientPort);
      again.send(callRecord(20, REMOVE));
      expect(await again.reply(20)).toEqual({ xid: 20, status: NFS3ERR_EXIST });
      const upstreamPort = server.remotePorts[0];
      expect(server.remotePorts).toEqual([upstreamPort, upstreamPort]);
      expect(proxy.events().filter((event) => event.kind !== 'reply')).toEqual([
        { kind: 'connect', connection: 1, clientPort, upstreamPort },
        {
          kind: 'call',
          connection: 1,
          xid: 20,
          program: NFS,
          procedure: REMOVE,
          retransmission: false,
          action: 'forwarded',
        },
        { kind: 'cut', connection: 1, xid: 20, program: NFS, procedure: REMOVE },
        { kind: 'connect', connection: 2, clientPort, upstreamPort },
        {
          kind: 'call',
          connection: 2,
          xid: 20,
          program: NFS,
          procedure: REMOVE,
          retransmission: true,
          action: 'forwarded',
        },
      ]);
      expect(proxy.repliesTo(20)).toMatchObject([
        { connection: 1, status: 0, action: 'cut' },
        { connection: 2, status: NFS3ERR_EXIST, action: 'forwarded' },
      ]);
    });

    it('falls back to another upstream port when the old one is taken, and notes it', async () => {
      proxy.addRule({ procedure: REMOVE, action: 'cut-after-reply' });
      const first = await connect();
      const clientPort = first.socket.localPort!;
      first.send(callRecord(21, REMOVE));
      await first.closed;
      const taken = net.createServer();
      await new Promise<void>((resolve) =>
        taken.listen(server.remotePorts[0], '127.0.0.1', resolve),
      );
      try {
        const again = await connect(clientPort);
        again.send(callRecord(21, REMOVE));
        expect(await again.reply(21)).toEqual({ xid: 21, status: NFS3ERR_EXIST });
      } finally {
        await new Promise((resolve) => taken.close(resolve));
      }
      expect(server.remotePorts).toHaveLength(2);
      expect(server.remotePorts[1]).not.toBe(server.remotePorts[0]);
      expect(proxy.events().find((event) => event.kind === 'note')).toMatchObject({
        connection: 2,
        detail: expect.stringMatching(
          `upstream port ${server.remotePorts[0]} not kept.*EADDRINUSE`,
        ),
      });
    });

    it('cut-before-request: the call never reaches the server', async () => {
      proxy.addRule({ procedure: RENAME, action: 'cut-before-request' });
      const first = await connect();
      const clientPort = first.socket.localPort!;
      first.send(callRecord(30, LINK), callRecord(31, RENAME), callRecord(32, LINK));
      await first.closed;
      await vi.waitFor(() => expect(server.open.size).toBe(0), WAIT);
      expect(server.records.map((record) => record.readUInt32BE(0))).toEqual([30]);
      expect(proxy.events().slice(-2)).toEqual([
        {
          kind: 'call',
          connection: 1,
          xid: 31,
          program: NFS,
          procedure: RENAME,
          retransmission: false,
          action: 'cut',
        },
        { kind: 'cut', connection: 1, xid: 31, program: NFS, procedure: RENAME },
      ]);

      const again = await connect(clientPort);
      again.send(callRecord(31, RENAME));
      expect(await again.reply(31)).toEqual({ xid: 31, status: 0 });
      expect(
        proxy.events().filter((event) => event.xid === 31 && event.kind === 'call'),
      ).toMatchObject([
        { connection: 1, retransmission: false, action: 'cut' },
        { connection: 2, retransmission: true, action: 'forwarded' },
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
    const timersBefore = handles('Timeout');
    proxy.addRule({ procedure: CREATE, action: 'delay-reply', delayMs: 10_000 });
    const [a, b] = [await connect(), await connect()];
    a.send(callRecord(50, CREATE));
    b.send(callRecord(51, LINK));
    await b.reply(51);
    await vi.waitFor(() => expect(proxy.repliesTo(50)).toHaveLength(1), WAIT);
    expect(server.open.size).toBe(2);

    await proxy.close();
    expect(handles('Timeout')).toBe(timersBefore);
    await Promise.all([a.closed, b.closed]);
    await vi.waitFor(() => expect(server.open.size).toBe(0), WAIT);
    // What is left is the fake server's listener. (A closed listener's handle stays listed until
    // the loop's next close phase, after its 'close' event.)
    await vi.waitFor(() => {
      expect(handles('TCPServerWrap')).toBe(1);
      expect(handles('TCPSocketWrap')).toBe(0);
    }, WAIT);
    expect(a.replies).toEqual([]);
    await expect(RawClient.connect(proxy.port)).rejects.toThrow(/ECONNREFUSED/);
  });
});
