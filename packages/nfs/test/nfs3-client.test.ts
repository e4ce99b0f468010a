import { afterEach, describe, expect, it } from 'vitest';
import { Nfs3Client } from '../src/nfs3/nfs3-client.js';
import { Nfs3StatusError } from '../src/nfs3/nfs3-status-error.js';
import { RpcTransport } from '../src/rpc/rpc-transport.js';
import { XdrWriter } from '../src/xdr/xdr-writer.js';
import { type Answer, FakeRpcServer, type ReceivedCall } from './support/fake-rpc-server.js';

const JUKEBOX = 10008;
const AUTH = { machineName: 'test', uid: 0, gid: 0 };
let server: FakeRpcServer | undefined;
let transport: RpcTransport | undefined;

afterEach(async () => {
  transport?.close();
  await server?.close();
});

async function clientOf(
  handler: (call: ReceivedCall) => Answer,
  options = { soft: false, retrans: 1 },
) {
  server = await FakeRpcServer.start(handler);
  transport = new RpcTransport({
    host: '127.0.0.1',
    port: server.port,
    label: 'fake NFS server',
    timeoutMs: 2_000,
    retrans: options.retrans,
    soft: options.soft,
    maxRecordBytes: 1 << 16,
  });
  return new Nfs3Client(transport, AUTH, options);
}

/** A REMOVE result: status, then an empty wcc_data. */
const removeResult = (status: number) => ({
  reply: new XdrWriter().uint32(status).bool(false).bool(false).bytes(),
});

describe('Nfs3Client', () => {
  it('calls again after NFS3ERR_JUKEBOX ("try later"), as a new call, until the server answers', async () => {
    const client = await clientOf((call) =>
      removeResult(call.procedure === 12 && server!.calls.length < 3 ? JUKEBOX : 0),
    );
    await client.remove(Buffer.from('dir'), 'a');
    expect(server!.calls.map((call) => call.procedure)).toEqual([12, 12, 12]);
    expect(new Set(server!.calls.map((call) => call.xid)).size).toBe(3);
    expect(client.calls).toEqual({ REMOVE: 1 });
  });

  it('gives up on NFS3ERR_JUKEBOX after retrans tries when soft (EAGAIN)', async () => {
    const client = await clientOf(() => removeResult(JUKEBOX), { soft: true, retrans: 1 });
    const error = await client.remove(Buffer.from('dir'), 'a').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(Nfs3StatusError);
    expect(error).toMatchObject({
      code: 'EAGAIN',
      statusName: 'NFS3ERR_JUKEBOX',
      procedure: 'REMOVE',
    });
    expect(server!.calls).toHaveLength(2);
  });

  it('rejects a status other than NFS3_OK with its errno code and protocol name', async () => {
    const statuses = {
      2: 'ENOENT',
      17: 'EEXIST',
      70: 'ESTALE',
      10001: 'ESTALE',
      28: 'ENOSPC',
      30: 'EROFS',
      13: 'EACCES',
    };
    for (const [status, code] of Object.entries(statuses)) {
      const client = await clientOf(() => removeResult(Number(status)));
      await expect(client.remove(Buffer.from('dir'), 'a')).rejects.toMatchObject({
        code,
        status: Number(status),
      });
      transport?.close();
      await server?.close();
    }
  });
});
