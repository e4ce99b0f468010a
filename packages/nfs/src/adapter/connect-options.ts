/** Where and how to reach an NFS export: the object form of `nfs://host[:port]/path?...`. */
export interface NfsConnectOptions {
  host: string;
  /** The NFS server's TCP port. @default the portmapper's answer (port 111 of `host`) */
  port?: number;
  /** The MOUNT service's TCP port. @default the portmapper's answer */
  mountPort?: number;
  /** The export to mount. @default the longest exported path that `path` lies in */
  exportPath?: string;
  /**
   * A path in the server's namespace (the URL's path): the export is found from it, and the
   * part inside the export becomes the adapter's `path`. One of `exportPath` and `path` is needed.
   */
  path?: string;
  /** The AUTH_SYS user the server acts for. @default this process's uid (65534 where there is none) */
  uid?: number;
  /** @default this process's gid (65534 where there is none) */
  gid?: number;
  /** How long to wait for a reply before sending a request again. @default 3000 */
  timeoutMs?: number;
  /** Retransmissions before a soft request fails with ETIMEDOUT. @default 3 */
  retrans?: number;
  /** Give up after `retrans` retransmissions (a soft mount); hard mounts retry forever. @default false */
  soft?: boolean;
}

/** The options with every default applied and every value checked. */
export interface ResolvedConnectOptions {
  host: string;
  port: number | undefined;
  mountPort: number | undefined;
  exportPath: string | undefined;
  path: string | undefined;
  uid: number;
  gid: number;
  timeoutMs: number;
  retrans: number;
  soft: boolean;
}

export const DEFAULT_TIMEOUT_MS = 3_000;
export const DEFAULT_RETRANS = 3;
const NOBODY = 65534;

/** Who is checking (the start of every message) and what the user calls each option. */
export interface OptionContext {
  where: string;
  names?: Partial<Record<keyof NfsConnectOptions, string>>;
}

const OPTIONS_OBJECT: OptionContext = { where: 'NfsAdapter.connect' };

/** Checks every value (a TypeError or RangeError naming it) and applies the defaults. */
export function resolveConnectOptions(
  options: NfsConnectOptions,
  context: OptionContext = OPTIONS_OBJECT,
): ResolvedConnectOptions {
  const { where } = context;
  const name = (key: keyof NfsConnectOptions) => `\`${context.names?.[key] ?? key}\``;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${where}: expected an nfs:// URL or an options object`);
  }
  if (typeof options.host !== 'string' || options.host === '') {
    throw new TypeError(`${where}: ${name('host')} must be a non-empty string`);
  }
  if (options.exportPath === undefined && options.path === undefined) {
    throw new TypeError(
      `${where}: give ${name('exportPath')} (the export to mount) or ${name('path')}`,
    );
  }
  const check = { where, name };
  return {
    host: options.host,
    port: optionalPort(options.port, 'port', check),
    mountPort: optionalPort(options.mountPort, 'mountPort', check),
    exportPath: optionalAbsolute(options.exportPath, 'exportPath', check),
    path: optionalAbsolute(options.path, 'path', check),
    uid: id(options.uid, 'uid', process.getuid?.() ?? NOBODY, check),
    gid: id(options.gid, 'gid', process.getgid?.() ?? NOBODY, check),
    timeoutMs: positive(options.timeoutMs, 'timeoutMs', DEFAULT_TIMEOUT_MS, check),
    retrans: count(options.retrans, 'retrans', DEFAULT_RETRANS, check),
    soft: flag(options.soft, 'soft', false, check),
  };
}

interface Check {
  where: string;
  name(key: keyof NfsConnectOptions): string;
}

function optionalPort(
  value: number | undefined,
  key: keyof NfsConnectOptions,
  check: Check,
): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new RangeError(
      `${check.where}: ${check.name(key)} must be a port number (1-65535), got ${value}`,
    );
  }
  return value;
}

function optionalAbsolute(
  value: string | undefined,
  key: keyof NfsConnectOptions,
  check: Check,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !value.startsWith('/') || value.includes('\0')) {
    throw new TypeError(
      `${check.where}: ${check.name(key)} must be an absolute path, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function id(
  value: number | undefined,
  key: keyof NfsConnectOptions,
  fallback: number,
  check: Check,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
    throw new RangeError(
      `${check.where}: ${check.name(key)} must be an integer from 0 to 4294967295, got ${value}`,
    );
  }
  return value;
}

function positive(
  value: number | undefined,
  key: keyof NfsConnectOptions,
  fallback: number,
  check: Check,
): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `${check.where}: ${check.name(key)} must be a positive number of milliseconds, got ${value}`,
    );
  }
  return value;
}

function count(
  value: number | undefined,
  key: keyof NfsConnectOptions,
  fallback: number,
  check: Check,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `${check.where}: ${check.name(key)} must be a whole number >= 0, got ${value}`,
    );
  }
  return value;
}

function flag(
  value: boolean | undefined,
  key: keyof NfsConnectOptions,
  fallback: boolean,
  check: Check,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new TypeError(
      `${check.where}: ${check.name(key)} must be true or false, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
