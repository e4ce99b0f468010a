import { type NfsConnectOptions, resolveConnectOptions } from './connect-options.js';

const QUERY_KEYS = ['mountport', 'uid', 'gid', 'timeout', 'retrans', 'soft'] as const;
const USAGE = 'nfs://host[:port]/path[?mountport=N&uid=N&gid=N&timeout=MS&retrans=N&soft=1]';

/** Whether a lock path given by a user is an NFS URL rather than a local path. */
export function isNfsUrl(target: string): boolean {
  return /^nfs:\/\//i.test(target);
}

/**
 * Reads `nfs://host[:port]/path?mountport=&uid=&gid=&timeout=&retrans=&soft=` into connect
 * options, every value checked (a TypeError or RangeError naming the URL and the parameter),
 * before any traffic. The path is the whole path on the server; `connect` finds the export in it.
 */
export function parseNfsUrl(target: string): NfsConnectOptions {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new TypeError(`not an NFS URL: ${JSON.stringify(target)} (expected ${USAGE})`);
  }
  if (url.protocol !== 'nfs:') {
    throw new TypeError(`not an NFS URL: ${JSON.stringify(target)} (expected ${USAGE})`);
  }
  if (url.hostname === '')
    throw new TypeError(`the NFS URL ${JSON.stringify(target)} names no host`);
  if (url.username !== '' || url.password !== '') {
    throw new TypeError(
      `the NFS URL ${JSON.stringify(target)} carries a user name: use ?uid=&gid= instead`,
    );
  }
  if (url.pathname === '') {
    throw new TypeError(`the NFS URL ${JSON.stringify(target)} names no path on the server`);
  }
  const path = decodeURIComponent(url.pathname);
  const options: NfsConnectOptions = { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), path };
  if (url.port !== '') options.port = Number(url.port);
  for (const [key, value] of url.searchParams) readQuery(options, key, value, target);
  resolveConnectOptions(options, {
    where: `the NFS URL ${JSON.stringify(target)}`,
    names: URL_NAMES,
  });
  return options;
}

/** The options as the URL spells them, for messages. */
const URL_NAMES = {
  port: 'port',
  mountPort: 'mountport',
  timeoutMs: 'timeout',
  path: 'path',
} as const;

function readQuery(options: NfsConnectOptions, key: string, value: string, target: string): void {
  const number = () => {
    const parsed = Number(value);
    if (value === '' || !Number.isFinite(parsed)) {
      throw new TypeError(
        `the NFS URL ${JSON.stringify(target)}: ${key}=${JSON.stringify(value)} is not a number`,
      );
    }
    return parsed;
  };
  switch (key as (typeof QUERY_KEYS)[number]) {
    case 'mountport':
      options.mountPort = number();
      return;
    case 'uid':
      options.uid = number();
      return;
    case 'gid':
      options.gid = number();
      return;
    case 'timeout':
      options.timeoutMs = number();
      return;
    case 'retrans':
      options.retrans = number();
      return;
    case 'soft':
      options.soft = value === '' || value === '1' || value === 'true';
      if (!['', '0', '1', 'true', 'false'].includes(value)) {
        throw new TypeError(
          `the NFS URL ${JSON.stringify(target)}: soft=${JSON.stringify(value)} is not 0, 1, true or false`,
        );
      }
      return;
    default:
      throw new TypeError(
        `the NFS URL ${JSON.stringify(target)} has an unknown parameter ${JSON.stringify(key)} (known: ${QUERY_KEYS.join(', ')})`,
      );
  }
}
