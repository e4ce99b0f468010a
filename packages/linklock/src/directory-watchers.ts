import { watch as fsWatch } from 'node:fs';
import { resolve } from 'node:path';

/** The part of `fs.FSWatcher` the sharing needs. */
export interface WatcherLike {
  on(
    event: 'change',
    listener: (eventType: string, filename: string | Buffer | null) => void,
  ): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): void;
}

/** Starts one watcher of a directory (`fs.watch` by default; replaceable for tests). */
export type StartWatcher = (directory: string) => WatcherLike;

type OnChange = (filename: string | null) => void;

interface Subscription {
  readonly onChange: OnChange;
}

interface Shared {
  readonly watcher: WatcherLike;
  readonly subscriptions: Set<Subscription>;
  closed: boolean;
}

const startFsWatcher: StartWatcher = (directory) => fsWatch(directory, { persistent: false });

/**
 * Directory watches shared by reference count: one underlying watcher per directory, however
 * many waiters subscribe, closed when the last one unsubscribes.
 *
 * A watcher never crashes the process: when it fails ('error' event) it is closed and every
 * subscriber is told `null` ("something may have changed") once, so waiters re-check the lock
 * and fall back to their backoff; a later subscription starts a fresh watcher. A watcher that
 * cannot start at all (no such directory, inotify limits) gives a subscription that never
 * fires: watching only shortens waits, it is never needed for correctness.
 */
export class DirectoryWatchers {
  readonly #start: StartWatcher;
  readonly #shared = new Map<string, Shared>();

  constructor(start: StartWatcher = startFsWatcher) {
    this.#start = start;
  }

  /** How many underlying watchers are open. */
  get size(): number {
    return this.#shared.size;
  }

  subscribe(directory: string, onChange: OnChange): () => void {
    const key = resolve(directory);
    const shared = this.#shared.get(key) ?? this.#open(key);
    if (shared === undefined) return () => {};
    const subscription: Subscription = { onChange };
    shared.subscriptions.add(subscription);
    return () => {
      if (!shared.subscriptions.delete(subscription)) return;
      if (shared.subscriptions.size === 0) this.#close(key, shared);
    };
  }

  #open(key: string): Shared | undefined {
    let watcher: WatcherLike;
    try {
      watcher = this.#start(key);
    } catch {
      return undefined;
    }
    const shared: Shared = { watcher, subscriptions: new Set(), closed: false };
    watcher.on('change', (_eventType, filename) => {
      if (shared.closed) return;
      notify(shared.subscriptions, typeof filename === 'string' ? filename : null);
    });
    watcher.on('error', () => {
      if (shared.closed) return;
      const subscriptions = [...shared.subscriptions];
      shared.subscriptions.clear();
      this.#close(key, shared);
      notify(subscriptions, null);
    });
    this.#shared.set(key, shared);
    return shared;
  }

  #close(key: string, shared: Shared): void {
    if (shared.closed) return;
    shared.closed = true;
    if (this.#shared.get(key) === shared) this.#shared.delete(key);
    try {
      shared.watcher.close();
    } catch {
      // Closing a failed watcher may fail too; it is gone either way.
    }
  }
}

/** Calls every subscriber; one that throws does not keep the others from hearing the news. */
function notify(subscriptions: Iterable<Subscription>, filename: string | null): void {
  for (const subscription of [...subscriptions]) {
    try {
      subscription.onChange(filename);
    } catch (error) {
      // Like a throwing event listener: reported as an uncaught exception, after the others ran.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
