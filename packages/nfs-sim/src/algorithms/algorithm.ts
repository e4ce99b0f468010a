import type { Clock, FsAdapter, HostIdentity, Logger, Random } from '@linklock/core';

/**
 * The filesystem a reference algorithm sees: linklock's `FsAdapter`, plus `utimes` (the
 * anchors keep their expiry in a file's mtime and set it explicitly; on NFS that stores the
 * *client's* clock).
 */
export interface LegacyFs extends FsAdapter {
  utimes(path: string, mtimeMs: number): Promise<void>;
}

/** What the simulation hands every algorithm instance (one per simulated process). */
export interface AlgorithmContext {
  lockfile: string;
  fs: LegacyFs;
  clock: Clock;
  random: Random;
  identity: HostIdentity;
  logger: Logger;
  /** How long a lock is valid after its last refresh. */
  lifetimeMs: number;
  /** Extra time before an expired lock may be broken. */
  clockSlopMs: number;
  /** Whether acquisitions should carry fencing tokens (algorithms without them ignore it). */
  fencing?: boolean;
  /** Called when the algorithm finds out on its own that a held lock was lost. */
  onCompromised(message: string): void;
}

/**
 * How a process wants the lock: alone (`write`, the only mode of an exclusive lock) or shared
 * with other readers (`read`, only asked of an algorithm whose `shared` is true).
 */
export type LockMode = 'read' | 'write';

/** One process's handle on the lock, whatever the algorithm. */
export interface LockInstance {
  /**
   * Waits up to `timeoutMs` (null: forever; 0: one attempt) for the lock in `mode` (default
   * `write`). Resolves `true` when held, `false` when it gave up; rejects on an unexpected error.
   */
  acquire(timeoutMs: number | null, mode?: LockMode): Promise<boolean>;
  /** Releases; rejects with an error carrying `code` (ECOMPROMISED, ...) when the lock was lost. */
  release(): Promise<void>;
  /** The fencing token of the current acquisition, when the algorithm has them. */
  readonly token: number | undefined;
}

export interface LockAlgorithm {
  name: string;
  /** Whether it hands out fencing tokens (the fencing checker runs only then). */
  fencingTokens?: boolean;
  /** Whether it has shared (read) locks besides exclusive ones. */
  shared?: boolean;
  /** One line on what it is and where it comes from. */
  description: string;
  /**
   * Directories under the lock file's directory that the algorithm creates with `mkdir` on first
   * use (py-filelock's protocol directories). `FsAdapter` has no `mkdir`, nor has the simulated
   * server: the simulation creates them before the run starts.
   */
  directories?(lockfile: string): string[];
  create(context: AlgorithmContext): LockInstance;
}
