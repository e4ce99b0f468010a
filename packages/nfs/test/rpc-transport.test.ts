import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalPort } from '../src/rpc/local-port.js';
import { RpcCallError } from '../src/rpc/rpc-call-error.js';
import { RpcTransport, type TransportOptions } from '../src/rpc/rpc-transport.js';
import { XdrWriter } from '../src/xdr/xdr-writer.js';
import { type Answer, FakeRpcServer, type ReceivedCall } from './support/fake-rpc-server.js';

const PROGRAM = { program: 400_000, version: 1 };
let server: FakeRpcServer | undefined;
let transport: RpcTransport | undefined;

afterEach(async () => {
  transport?.close();
  await server?.close();
  transport = undefined;
  server = undefined;
});

async function setUp(
  handler: (call: ReceivedCall) => Answer,
  options: Partial<TransportOptions> = {},
) {
  server = await FakeRpcServer.start(handler);
  transport = new RpcTransport({
    host: '127.0.0.1',
    port: server.port,
    label: `test server 127.0.0.1:${server.port}`,
    timeoutMs: 100,
    retrans: 2,
    soft: false,
    maxRecordBytes: 1 << 16,
    ...options,
  });
  return { server, transport };
}

const word = (value: number) => ({ reply: new XdrWriter().uint32(value).bytes() });
const call = (t: RpcTransport, procedure: number, options = {}) =>
  t.call({ ...PROGRAM, procedure }, new Uint8Array(0), options).then((reply) => reply.uint32());

function rejection(promise: Promise<unknown>): Promise<RpcCallError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: RpcCallError) => error,
  );
}

describe('RpcTransport', () => {
  it('matches replies to calls by xid, whatever their order', async () => {
    const held: ReceivedCall[] = [];
    const { server, transport } = await setUp(
      (received) => {
        held.push(received);
        return 'silence';
      },
      { timeoutMs: 5_000 },
    );
    const results = [1, 2, 3].map((procedure) => call(transport, procedure));
    await waitFor(() => held.length === 3);
    for (const received of [...held].reverse()) received.respond(word(received.procedure * 10));
    expect(await Promise.all(results)).toEqual([10, 20, 30]);
    expect(new Set(server.calls.map((received) => received.xid)).size).toBe(3);
    expect(server.calls).toHaveLength(3); // answered before any timeout: nothing sent twice
  });

  it('sends an unanswered call again with the same xid, until answered (hard)', async () => {
    const { server, transport } = await setUp((received) =>
      received.arrival < 3 ? 'silence' : word(7),
    );
    expect(await call(transport, 1)).toBe(7);
    expect(server.calls.map((received) => received.arrival)).toEqual([1, 2, 3]);
    expect(new Set(server.calls.map((received) => received.xid)).size).toBe(1);
    expect(transport.statistics).toEqual({ calls: 1, retransmissions: 2, connections: 1 });
  });

  it('gives up with ETIMEDOUT after `retrans` retransmissions (soft)', async () => {
    const { server, transport } = await setUp(() => 'silence', { soft: true, retrans: 2 });
    const error = await rejection(call(transport, 1));
    expect(error).toBeInstanceOf(RpcCallError);
    expect(error.code).toBe('ETIMEDOUT');
    expect(error.message).toMatch(/no reply after 3 transmissions of 100 ms each/);
    expect(server.calls).toHaveLength(3);
  });

  it('after a broken connection, sends the call again on a new one, from the same local port', async () => {
    const { server, transport } = await setUp((received) =>
      received.arrival === 1 ? 'close' : word(9),
    );
    expect(await call(transport, 1)).toBe(9);
    expect(server.calls.map((received) => received.arrival)).toEqual([1, 2]);
    expect(server.connections).toHaveLength(2);
    expect(server.connections[1]).toBe(server.connections[0]);
    expect(server.calls[1]?.xid).toBe(server.calls[0]?.xid);
  });

  it('connects from a port below the ephemeral ranges, kept across reconnections', async () => {
    const { server, transport } = await setUp((received) =>
      received.arrival === 1 ? 'close' : word(4),
    );
    expect(await call(transport, 1)).toBe(4);
    const [first, second] = server.connections;
    expect(first).toBeGreaterThanOrEqual(20_000);
    expect(first).toBeLessThan(32_768);
    expect(second).toBe(first);
  });

  it('connects from another port when its port is taken, without failing the call', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const taken = (blocker.address() as { port: number }).port;
    const ports = [taken, taken, 0];
    try {
      const { server, transport } = await setUp(() => word(6), {
        localPort: new LocalPort(() => ports.shift() ?? 0),
      });
      expect(await call(transport, 1, { failFast: true })).toBe(6);
      expect(server.connections).toHaveLength(1);
      expect(server.connections[0]).not.toBe(taken);
    } finally {
      blocker.close();
    }
  });

  it('fails every call at once with EPROTO when the server speaks something else', async () => {
    const { transport } = await setUp(() => ({
      bytes: Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'),
    }));
    const started = performance.now();
    const error = await rejection(call(transport, 1));
    expect(error.code).toBe('EPROTO');
    expect(error.message).toMatch(
      /test server 127\.0\.0\.1:\d+ does not answer as an ONC RPC server over TCP/,
    );
    expect((await rejection(call(transport, 2))).code).toBe('EPROTO');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('fails with EPROTO on a record that is not a reply', async () => {
    const { transport } = await setUp((received) => ({
      raw: new XdrWriter().uint32(received.xid).uint32(0).bytes(),
    }));
    expect((await rejection(call(transport, 1))).code).toBe('EPROTO');
  });

  it('fails fast calls when the server closes in the middle of a reply, naming it', async () => {
    const { transport } = await setUp(() => 'close-mid-reply');
    const error = await rejection(call(transport, 1, { failFast: true }));
    expect(error.code).toBe('ECONNRESET');
    expect(error.message).toMatch(/closed the connection in the middle of a reply/);
  });

  it('fails fast calls with ECONNREFUSED when nothing listens', async () => {
    const { server } = await setUp(() => word(0));
    const port = server.port;
    await server.close();
    const lonely = new RpcTransport({
      host: '127.0.0.1',
      port,
      label: `test server 127.0.0.1:${port}`,
      timeoutMs: 1000,
      retrans: 0,
      soft: true,
      maxRecordBytes: 1024,
    });
    try {
      const error = await rejection(call(lonely, 1, { failFast: true }));
      expect(error.code).toBe('ECONNREFUSED');
      expect(error.message).toMatch(/refused the connection/);
    } finally {
      lonely.close();
    }
  });

  it('reports calls the server refuses: PROG_UNAVAIL as EPROTO, AUTH_ERROR as EACCES', async () => {
    const refusal = (xid: number, body: number[]) => {
      const writer = new XdrWriter().uint32(xid).uint32(1);
      for (const value of body) writer.uint32(value);
      return { raw: writer.bytes() };
    };
    const { server, transport } = await setUp(
      (received) => refusal(received.xid, [0, 0, 0, 1]), // accepted, null verifier, PROG_UNAVAIL
    );
    const unavailable = await rejection(call(transport, 1));
    expect([unavailable.code, unavailable.message]).toEqual([
      'EPROTO',
      expect.stringMatching(/refused the call: PROG_UNAVAIL/),
    ]);
    server.answerWith((received) => refusal(received.xid, [1, 1, 5])); // denied, AUTH_ERROR, too weak
    const denied = await rejection(call(transport, 2));
    expect([denied.code, denied.message]).toEqual([
      'EACCES',
      expect.stringMatching(/AUTH_ERROR: credentials too weak/),
    ]);
  });

  it('rejects calls in flight with ECONNABORTED when closed, and calls made after', async () => {
    const { transport } = await setUp(() => 'silence');
    const pending = rejection(call(transport, 1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    transport.close();
    expect((await pending).code).toBe('ECONNABORTED');
    expect((await rejection(call(transport, 2))).code).toBe('ECONNABORTED');
  });

  it('does not keep the process alive while idle', async () => {
    const { server } = await setUp(() => word(5));
    // The built module (the global setup builds): a plain node child runs JavaScript only.
    const module = fileURLToPath(new URL('../dist/rpc/rpc-transport.js', import.meta.url));
    const script = `
      const { RpcTransport } = await import(${JSON.stringify(module)});
      const t = new RpcTransport({ host: '127.0.0.1', port: ${server.port}, label: 't', timeoutMs: 1000, retrans: 1, soft: true, maxRecordBytes: 1024 });
      const reply = await t.call({ program: 1, version: 1, procedure: 1 }, new Uint8Array(0));
      console.log('reply', reply.uint32());
    `;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', script],
        { timeout: 10_000 },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      );
    });
    expect(output.trim()).toBe('reply 5');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('LocalPort', () => {
  it('keeps its port until it is unusable, then chooses another, and after 8 leaves it to the kernel', () => {
    let next = 20_000;
    const local = new LocalPort(() => next++);
    expect(local.port).toBe(20_000);
    local.connected();
    expect(local.port).toBe(20_000);
    for (let i = 1; i < 8; i += 1) {
      local.unusable();
      expect(local.port).toBe(20_000 + i);
    }
    local.unusable();
    expect(local.port).toBeUndefined();
  });
});
