import { join } from 'node:path';

/**
 * Where the NFS server of scripts/nfs/setup.sh serves, read from the environment variables the
 * scripts read (with their defaults), so that the bench finds the server the scripts started.
 */
export interface NfsServerConfig {
  /** setup.sh's ROOT: the server's files; the exported directory is `<root>/export`. */
  root: string;
  /** The NFS port. */
  port: number;
  /** The MOUNT protocol's port. */
  mountPort: number;
}

/** setup.sh binds to loopback only: the bench measures round trips, not a network. */
export const NFS_HOST = '127.0.0.1';
const DEFAULTS: NfsServerConfig = { root: '/tmp/linklock-nfs', port: 42049, mountPort: 42050 };

export function serverConfigFrom(environment: Readonly<Record<string, string | undefined>>) {
  const config: NfsServerConfig = {
    root: nonEmpty(environment.LINKLOCK_NFS_ROOT) ?? DEFAULTS.root,
    port: port(environment, 'LINKLOCK_NFS_PORT') ?? DEFAULTS.port,
    mountPort: port(environment, 'LINKLOCK_NFS_MOUNT_PORT') ?? DEFAULTS.mountPort,
  };
  // setup.sh writes ROOT into a URL and ganesha.conf; the bench writes it into a URL too.
  if (!config.root.startsWith('/')) {
    throw new TypeError(`LINKLOCK_NFS_ROOT must be an absolute path, got '${config.root}'`);
  }
  config.root = config.root.replace(/\/+$/, '');
  return config;
}

/** The exported directory, as a path of this machine (the server runs here). */
export function exportDirectory(config: NfsServerConfig): string {
  return join(config.root, 'export');
}

/** The `NfsAdapter.connect` URL of the export: its paths are then inside the export. */
export function exportUrl(config: NfsServerConfig): string {
  return `nfs://${NFS_HOST}:${config.port}${exportDirectory(config)}?mountport=${config.mountPort}`;
}

/**
 * An RPC universal address (RFC 5665): `h1.h2.h3.h4.p1.p2`, the port as its two bytes. rpcinfo
 * calls a program at such an address directly (`-a`), without asking the portmapper.
 */
export function universalAddress(host: string, port: number): string {
  return `${host}.${port >> 8}.${port & 0xff}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function port(environment: Readonly<Record<string, string | undefined>>, name: string) {
  const value = nonEmpty(environment[name]);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < 1 || parsed > 65_535) {
    throw new TypeError(`${name} must be a port number (1-65535), got '${value}'`);
  }
  return parsed;
}
