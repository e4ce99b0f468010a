import { hostname } from 'node:os';
import { MountClient } from '../mount/mount-client.js';
import { type FsInfo, Nfs3Client } from '../nfs3/nfs3-client.js';
import { lookUpPort } from '../rpc/portmapper.js';
import { MOUNT, NFS, PORTMAPPER } from '../rpc/programs.js';
import { RpcCallError } from '../rpc/rpc-call-error.js';
import type { AuthSys } from '../rpc/rpc-message.js';
import { RpcTransport } from '../rpc/rpc-transport.js';
import { XdrDecodeError } from '../xdr/xdr-reader.js';
import type { ResolvedConnectOptions } from './connect-options.js';
import { chooseExport, insideOf } from './export-choice.js';
import { NfsConnectionError } from './nfs-connection-error.js';

/** What a successful connect hands the adapter. */
export interface MountedExport {
  transport: RpcTransport;
  client: Nfs3Client;
  root: Buffer;
  fsinfo: FsInfo;
  host: string;
  port: number;
  exportPath: string;
  /** The URL's path inside the export (`/` when the URL named the export itself). */
  path: string;
}

const MAX_REPLY_BYTES = 4 * 1024 * 1024;

/**
 * Reaches an export the way `mount -t nfs -o vers=3,proto=tcp` does: the ports from the
 * portmapper unless given, the export from the MOUNT service (its export list when only a
 * server path is known), then FSINFO on the root handle to learn the server's limits. Every step
 * is bounded: a refusal fails at once, silence after `retrans` retransmissions.
 */
export async function mountExport(options: ResolvedConnectOptions): Promise<MountedExport> {
  const auth: AuthSys = { machineName: hostname(), uid: options.uid, gid: options.gid };
  const ports = await servicePorts(options);
  const { exportPath, path, root } = await mountRoot(options, ports.mountPort, auth);
  const target = { host: options.host, port: ports.port, exportPath };
  const transport = transportTo(options, ports.port, `NFS server ${options.host}:${ports.port}`);
  const client = new Nfs3Client(transport, auth, options);
  try {
    const fsinfo = await client.fsinfo(root, { soft: true, failFast: true });
    return {
      transport,
      client,
      root,
      fsinfo,
      host: options.host,
      port: ports.port,
      exportPath,
      path,
    };
  } catch (error) {
    transport.close();
    throw connectionError(
      error,
      target,
      `cannot use ${exportPath} on NFS server ${options.host}:${ports.port}`,
    );
  }
}

async function servicePorts(
  options: ResolvedConnectOptions,
): Promise<{ port: number; mountPort: number }> {
  if (options.port !== undefined && options.mountPort !== undefined) {
    return { port: options.port, mountPort: options.mountPort };
  }
  const target = { host: options.host, port: PORTMAPPER.port, exportPath: options.exportPath };
  const portmapper = transportTo(
    options,
    PORTMAPPER.port,
    `portmapper ${options.host}:${PORTMAPPER.port}`,
  );
  try {
    const port = options.port ?? (await lookUpPort(portmapper, { ...NFS, name: 'NFS version 3' }));
    const mountPort =
      options.mountPort ?? (await lookUpPort(portmapper, { ...MOUNT, name: 'MOUNT version 3' }));
    return { port, mountPort };
  } catch (error) {
    throw connectionError(
      error,
      target,
      `cannot find the NFS ports of ${options.host} (give them: nfs://${options.host}:PORT/...?mountport=PORT)`,
    );
  } finally {
    portmapper.close();
  }
}

async function mountRoot(options: ResolvedConnectOptions, mountPort: number, auth: AuthSys) {
  const target = { host: options.host, port: mountPort, exportPath: options.exportPath };
  const transport = transportTo(options, mountPort, `MOUNT service ${options.host}:${mountPort}`);
  const mount = new MountClient(transport, auth);
  try {
    const { exportPath, path } = await exportAndPath(options, mount);
    target.exportPath = exportPath;
    return { exportPath, path, root: await mount.mount(exportPath) };
  } catch (error) {
    if (error instanceof NfsConnectionError) throw error;
    throw connectionError(
      error,
      target,
      `cannot mount ${target.exportPath ?? options.path} from ${options.host}:${mountPort}`,
    );
  } finally {
    transport.close();
  }
}

async function exportAndPath(options: ResolvedConnectOptions, mount: MountClient) {
  if (options.exportPath !== undefined) {
    const path = options.path === undefined ? '/' : insideOf(options.path, options.exportPath);
    if (path === undefined) {
      throw new NfsConnectionError(
        'EINVAL',
        `the path ${options.path} lies outside the export ${options.exportPath}`,
        { host: options.host, port: undefined, exportPath: options.exportPath },
      );
    }
    return { exportPath: options.exportPath, path };
  }
  const exports = await mount.exports();
  const split = chooseExport(exports, options.path!);
  if (split === undefined) {
    const listed = exports.length === 0 ? 'it exports nothing' : `it exports ${exports.join(', ')}`;
    throw new NfsConnectionError(
      'ENOENT',
      `no export of ${options.host} holds ${options.path} (${listed})`,
      { host: options.host, port: undefined, exportPath: undefined },
    );
  }
  return { exportPath: split.exportPath, path: split.inside };
}

function transportTo(options: ResolvedConnectOptions, port: number, label: string): RpcTransport {
  return new RpcTransport({
    host: options.host,
    port,
    label,
    timeoutMs: options.timeoutMs,
    retrans: options.retrans,
    soft: options.soft,
    maxRecordBytes: MAX_REPLY_BYTES,
  });
}

function connectionError(
  error: unknown,
  target: { host: string; port: number | undefined; exportPath: string | undefined },
  what: string,
): NfsConnectionError {
  if (error instanceof NfsConnectionError) return error;
  const code =
    error instanceof RpcCallError || (error as { code?: unknown })?.code !== undefined
      ? String((error as { code: unknown }).code)
      : error instanceof XdrDecodeError
        ? 'EPROTO'
        : 'EIO';
  const detail = error instanceof Error ? error.message : String(error);
  return new NfsConnectionError(code, `${what}: ${detail}`, target, error);
}
