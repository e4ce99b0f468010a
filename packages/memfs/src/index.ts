export type { MemfsAdapterOptions } from './memfs-adapter.js';
export { MemfsAdapter } from './memfs-adapter.js';
