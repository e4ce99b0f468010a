import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { MountClient } from '../../src/mount/mount-client.js';
import { Nfs3Client } from '../../src/nfs3/nfs3-client.js';
import { CREATE_VERIFIER_BYTES } from '../../src/nfs3/nfs3-constants.js';
import type { AuthSys } from '../../src/rpc/rpc-message.js';
import { RpcTransport } from '../../src/rpc/rpc-transport.js';
import { type ProxyRule, RpcFaultProxy } from '../../test-support/rpc-fault-proxy.js';
import { HOST, MOUNT_PORT, NFS_PORT } from '../support/ganesha.js';
import type { CreateMode, Loss, ServerTarget } from './server-target.js';

const PROCEDURES = { CREATE: 8, REMOVE: 12, RENAME: 14, LINK: 15 } as const;

/** How the fault proxy loses a reply so that ganesha's duplicate request cache replays or forgets. */
const LOSSES: Record<Loss, Omit<ProxyRule, 'procedure'>> = {
  // Sent again on the same connection: the cache knows it.
  replays: { action: 'drop-reply' },
  // Sent again from another client port: a new, empty cache.
  forgot: { action: 'cut-after-reply', newPort: true },
};

/**
 * nfs-ganesha as a {@link ServerTarget}: NFSv3 calls through the fault proxy, in a fresh
 * directory of `exportDir`; the directory's contents are read on the server's own disk.
 */
export class GaneshaTarget implements ServerTarget {
  readonly #proxy: RpcFaultProxy;
  readonly #transport: RpcTransport;
  readonly #client: Nfs3Client;
  readonly #directory: Buffer;
  readonly #local: string;
  readonly #handles = new Map<string, Buffer>();

  private constructor(parts: {
    proxy: RpcFaultProxy;
    transport: RpcTransport;
    client: Nfs3Client;
    directory: Buffer;
    local: string;
  }) {
    this.#proxy = parts.proxy;
    this.#transport = parts.transport;
    this.#client = parts.client;
    this.#directory = parts.directory;
    this.#local = parts.local;
  }

  static async start(exportDir: string): Promise<GaneshaTarget> {
    const local = mkdtempSync(join(exportDir, 'model-'));
    const auth: AuthSys = { machineName: hostname(), uid: 0, gid: 0 };
    const root = await mountRoot(exportDir, auth);
    const proxy = await RpcFaultProxy.start({ upstreamHost: HOST, upstreamPort: NFS_PORT });
    const transport = transportTo(proxy.port, 'ganesha via the fault proxy');
    const client = new Nfs3Client(transport, auth, { soft: true, retrans: 5 });
    const { handle } = await client.lookup(root, local.slice(exportDir.length + 1));
    return new GaneshaTarget({ proxy, transport, client, directory: handle, local });
  }

  async create(name: string, data: string, how: CreateMode, lost?: Loss): Promise<string> {
    this.#lose('CREATE', lost);
    return outcomeOf(async () => {
      const mode =
        how === 'exclusive'
          ? { mode: 'exclusive' as const, verifier: randomBytes(CREATE_VERIFIER_BYTES) }
          : { mode: 'guarded' as const, set: { mode: 0o644 } };
      const created = await this.#client.create(this.#directory, name, mode);
      const handle = created.handle ?? (await this.#client.lookup(this.#directory, name)).handle;
      if (how === 'exclusive') await this.#client.setattr(handle, { mode: 0o644, mtime: 'server' });
      await this.#client.write(handle, 0, Buffer.from(data));
    });
  }

  async link(from: string, to: string, lost?: Loss): Promise<string> {
    const { handle } = await this.#client.lookup(this.#directory, from);
    this.#lose('LINK', lost);
    return outcomeOf(() => this.#client.link(handle, this.#directory, to));
  }

  async rename(from: string, to: string, lost?: Loss): Promise<string> {
    this.#lose('RENAME', lost);
    return outcomeOf(() => this.#client.rename(this.#directory, from, this.#directory, to));
  }

  async remove(name: string, lost?: Loss): Promise<string> {
    this.#lose('REMOVE', lost);
    return outcomeOf(() => this.#client.remove(this.#directory, name));
  }

  async keepHandle(name: string): Promise<string> {
    return outcomeOf(async () => {
      this.#handles.set(name, (await this.#client.lookup(this.#directory, name)).handle);
    });
  }

  async readHandle(name: string): Promise<string> {
    try {
      const { data } = await this.#client.read(this.#handle(name), 0, 1024);
      return `OK ${JSON.stringify(data.toString('utf8'))}`;
    } catch (error) {
      return codeOf(error);
    }
  }

  async getattrHandle(name: string): Promise<string> {
    return outcomeOf(() => this.#client.getattr(this.#handle(name)));
  }

  async writeHandle(name: string, data: string): Promise<string> {
    return outcomeOf(() => this.#client.write(this.#handle(name), 0, Buffer.from(data)));
  }

  async files(): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const name of readdirSync(this.#local).sort()) {
      files[name] = readFileSync(join(this.#local, name), 'utf8');
    }
    return files;
  }

  async close(): Promise<void> {
    this.#transport.close();
    await this.#proxy.close();
    rmSync(this.#local, { recursive: true, force: true });
  }

  /** Arms the proxy to lose the reply to the next call of `procedure`, as `lost` says. */
  #lose(procedure: keyof typeof PROCEDURES, lost: Loss | undefined): void {
    if (lost !== undefined)
      this.#proxy.addRule({ procedure: PROCEDURES[procedure], ...LOSSES[lost] });
  }

  #handle(name: string): Buffer {
    const handle = this.#handles.get(name);
    if (handle === undefined) throw new Error(`no handle kept for ${name}`);
    return handle;
  }
}

async function mountRoot(exportDir: string, auth: AuthSys): Promise<Buffer> {
  const transport = transportTo(MOUNT_PORT, 'ganesha MOUNT');
  try {
    return await new MountClient(transport, auth).mount(exportDir);
  } finally {
    transport.close();
  }
}

function transportTo(port: number, label: string): RpcTransport {
  return new RpcTransport({
    host: HOST,
    port,
    label,
    timeoutMs: 200,
    retrans: 5,
    soft: true,
    maxRecordBytes: 1 << 20,
  });
}

async function outcomeOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'OK';
  } catch (error) {
    return codeOf(error);
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') throw error;
  return code;
}
