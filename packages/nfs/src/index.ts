export type { NfsConnectOptions } from './adapter/connect-options.js';
export type { NfsStatistics } from './adapter/nfs-adapter.js';
export { NfsAdapter } from './adapter/nfs-adapter.js';
export { NfsConnectionError } from './adapter/nfs-connection-error.js';
export { isNfsUrl, parseNfsUrl } from './adapter/nfs-url.js';
