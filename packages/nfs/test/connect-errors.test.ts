import { afterEach, describe, expect, it } from 'vitest';
import { NfsAdapter, NfsConnectionError } from '../src/index.js';
import { XdrWriter } from '../src/xdr/xdr-writer.js';
import { type Answer, FakeRpcServer, type ReceivedCall } from './support/fake-rpc-server.js';

// Connecting to servers that are not there, not NFS, or not willing: every failure is an
// NfsConnectionError naming host, port and export, and none takes longer than its deadline.
const MOUNT = 100_005;
const NFS = 100_003;
let server: FakeRpcServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** MOUNT and NFS on one port: exports `exported`, mounts any of them, answers FSINFO. */
function nfsServer(exported: string[]) {
  return (call: ReceivedCall): Answer => {
    if (call.program === MOUNT && call.procedure === 5) {
      const list = new XdrWriter();
      for (const path of exported) list.bool(true).string(path).bool(false);
      return { reply: list.bool(false).bytes() };
    }
    if (call.program === MOUNT && call.procedure === 1) {
      const path = call.args.string();
      if (!exported.includes(path)) return { reply: new XdrWriter().uint32(2).bytes() }; // MNT3ERR_NOENT
      return {
        reply: new XdrWriter().uint32(0).opaque(Buffer.from('root')).uint32(1).uint32(1).bytes(),
      };
    }
    if (call.program === NFS && call.procedure === 19) {
      const info = new XdrWriter().uint32(0).bool(false);
      for (let i = 0; i < 7; i += 1) info.uint32(65536);
      info
        .uint64(2n ** 40n)
        .uint32(0)
        .uint32(1_000_000)
        .uint32(0x1b);
      return { reply: info.bytes() };
    }
    return 'close';
  };
}

async function connectionError(target: Parameters<typeof NfsAdapter.connect>[0]) {
  const started = performance.now();
  try {
    const adapter = await NfsAdapter.connect(target);
    await adapter.close();
  } catch (error) {
    return { error: error as NfsConnectionError, ms: performance.now() - started };
  }
  throw new Error('expected the connection to fail');
}

describe('NfsAdapter.connect', () => {
  it('mounts the longest export holding the URL path, and reads the server limits', async () => {
    server = await FakeRpcServer.start(nfsServer(['/srv', '/srv/locks']));
    const adapter = await NfsAdapter.connect(
      `nfs://127.0.0.1:${server.port}/srv/locks/team/jobs.lock?mountport=${server.port}`,
    );
    expect([adapter.exportPath, adapter.path, adapter.url]).toEqual([
      '/srv/locks',
      '/team/jobs.lock',
      `nfs://127.0.0.1:${server.port}/srv/locks`,
    ]);
    expect(adapter.capabilities).toEqual({
      hardLinks: true,
      reliableNlink: true,
      reliableIno: true,
      mtimeResolutionMs: 1,
      watchSeesOtherHosts: false,
    });
    await adapter.close();
  });

  it('rejects a URL that is not nfs:// and options that make no sense, before any traffic', async () => {
    await expect(NfsAdapter.connect('smb://nas/share')).rejects.toThrow(TypeError);
    await expect(NfsAdapter.connect({ host: 'h' })).rejects.toThrow(/give `exportPath`/);
    await expect(NfsAdapter.connect({ host: 'h', exportPath: 'relative' })).rejects.toThrow(
      /absolute/,
    );
    await expect(NfsAdapter.connect({ host: 'h', exportPath: '/x', port: 70_000 })).rejects.toThrow(
      RangeError,
    );
    await expect(NfsAdapter.connect({ host: 'h', exportPath: '/x', timeoutMs: 0 })).rejects.toThrow(
      /timeoutMs/,
    );
  });

  it('names host and port when nothing listens there, at once', async () => {
    const { error, ms } = await connectionError({
      host: '127.0.0.1',
      port: 1,
      mountPort: 1,
      exportPath: '/x',
    });
    expect(error).toBeInstanceOf(NfsConnectionError);
    expect([error.code, error.host, error.port]).toEqual(['ECONNREFUSED', '127.0.0.1', 1]);
    expect(error.message).toMatch(
      /cannot mount \/x from 127\.0\.0\.1:1: MOUNT service 127\.0\.0\.1:1 refused the connection/,
    );
    expect(ms).toBeLessThan(2_000);
  });

  it('says which exports there are when none holds the path', async () => {
    server = await FakeRpcServer.start(nfsServer(['/srv', '/data']));
    const { error } = await connectionError(
      `nfs://127.0.0.1:${server.port}/elsewhere/x.lock?mountport=${server.port}`,
    );
    expect(error.code).toBe('ENOENT');
    expect(error.message).toMatch(
      /no export of 127\.0\.0\.1 holds \/elsewhere\/x\.lock \(it exports \/srv, \/data\)/,
    );
  });

  it('reports an export the server will not mount, and a path outside the given export', async () => {
    server = await FakeRpcServer.start(nfsServer(['/srv']));
    const port = server.port;
    const missing = await connectionError({
      host: '127.0.0.1',
      port,
      mountPort: port,
      exportPath: '/nope',
    });
    expect([missing.error.code, missing.error.exportPath]).toEqual(['ENOENT', '/nope']);
    expect(missing.error.message).toMatch(
      /would not mount \/nope: no such directory on the server/,
    );
    const outside = await connectionError({
      host: '127.0.0.1',
      port,
      mountPort: port,
      exportPath: '/srv',
      path: '/etc/x',
    });
    expect(outside.error.code).toBe('EINVAL');
    expect(outside.error.message).toMatch(/\/etc\/x lies outside the export \/srv/);
  });

  it('fails with EPROTO when the server speaks something that is not ONC RPC', async () => {
    server = await FakeRpcServer.start(() => ({ bytes: Buffer.from('SSH-2.0-OpenSSH_9.2\r\n') }));
    const { error, ms } = await connectionError({
      host: '127.0.0.1',
      port: server.port,
      mountPort: server.port,
      exportPath: '/x',
    });
    expect(error.code).toBe('EPROTO');
    expect(error.message).toMatch(/does not answer as an ONC RPC server/);
    expect(ms).toBeLessThan(2_000);
  });

  it('fails when the server closes the connection in the middle of a reply', async () => {
    server = await FakeRpcServer.start(() => 'close-mid-reply');
    const { error } = await connectionError({
      host: '127.0.0.1',
      port: server.port,
      mountPort: server.port,
      exportPath: '/x',
    });
    expect(error.code).toBe('ECONNRESET');
    expect(error.message).toMatch(/closed the connection in the middle of a reply/);
  });

  it('gives up on a server that never answers after its retransmissions', async () => {
    server = await FakeRpcServer.start(() => 'silence');
    const { error, ms } = await connectionError({
      host: '127.0.0.1',
      port: server.port,
      mountPort: server.port,
      exportPath: '/x',
      timeoutMs: 100,
      retrans: 2,
    });
    expect(error.code).toBe('ETIMEDOUT');
    expect(error.message).toMatch(/no reply after 3 transmissions/);
    expect(server.calls).toHaveLength(3);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(3_000);
  });

  it('fails when the NFS service is missing from the server (PROG_UNAVAIL)', async () => {
    server = await FakeRpcServer.start((call) => {
      if (call.program === NFS) {
        return {
          raw: new XdrWriter()
            .uint32(call.xid)
            .uint32(1)
            .uint32(0)
            .uint32(0)
            .uint32(0)
            .uint32(1)
            .bytes(),
        };
      }
      return nfsServer(['/x'])(call);
    });
    const { error } = await connectionError({
      host: '127.0.0.1',
      port: server.port,
      mountPort: server.port,
      exportPath: '/x',
    });
    expect(error.code).toBe('EPROTO');
    expect(error.message).toMatch(/cannot use \/x on NFS server 127\.0\.0\.1:\d+: .*PROG_UNAVAIL/);
  });
});
