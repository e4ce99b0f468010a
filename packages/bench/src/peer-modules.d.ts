// The parts of the peers' APIs the benchmarks use. Declared here rather than by adding
// @types packages: the benchmarks are the only users, and these few signatures are all they need.

declare module 'proper-lockfile' {
  export interface RetryOptions {
    retries?: number;
    forever?: boolean;
    factor?: number;
    minTimeout?: number;
    maxTimeout?: number;
  }
  export interface LockOptions {
    stale?: number;
    update?: number;
    realpath?: boolean;
    retries?: number | RetryOptions;
    onCompromised?: (error: Error) => void;
  }
  export function lock(file: string, options?: LockOptions): Promise<() => Promise<void>>;
  export function lockSync(file: string, options?: LockOptions): () => void;
}

declare module 'lockfile' {
  export interface Options {
    wait?: number;
    pollPeriod?: number;
    stale?: number;
    retries?: number;
    retryWait?: number;
  }
  export function lock(
    path: string,
    options: Options,
    callback: (error: Error | null) => void,
  ): void;
  export function unlock(path: string, callback: (error: Error | null) => void): void;
  export function lockSync(path: string, options?: Options): void;
  export function unlockSync(path: string): void;
}
