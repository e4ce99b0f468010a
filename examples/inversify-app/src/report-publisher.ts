import type { FsAdapter } from '@linklock/core';
import { errorCode, hasCode } from '@linklock/core';
import type { LockFactory } from '@linklock/inversify';
import { LINKLOCK } from '@linklock/inversify';
import { inject, injectable, type ServiceIdentifier } from 'inversify';

/** Where reports go and how long to wait for another publisher. */
export interface ReportSettings {
  /** The directory the reports are published in; the lock file lives there too. */
  directory: string;
  /** How long `publish()` waits for the lock before it reports `busy`. */
  lockTimeoutMs: number;
}

export const REPORT_SETTINGS = Symbol.for(
  'example-inversify-app/ReportSettings',
) as ServiceIdentifier<ReportSettings>;

/** What `publish()` reports: it resolves with a failure the caller can act on, never throws one. */
export type PublishResult =
  | { ok: true; path: string }
  /** Another publisher held the lock for the whole timeout; `detail` names it. */
  | { ok: false; reason: 'busy'; detail: string }
  /** No space left (ENOSPC) or quota exceeded (EDQUOT); nothing was published. */
  | { ok: false; reason: 'disk-full'; detail: string }
  /** Any other filesystem error, with its errno code; nothing was published. */
  | { ok: false; reason: 'io-error'; code: string; detail: string };

/**
 * Publishes report files so that readers never see half a report and two publishers (in this
 * process, in others, on other hosts sharing the directory over NFS) never write at once: each
 * publication holds the directory's lock, writes a temporary file and renames it over the
 * report.
 */
@injectable()
export class ReportPublisher {
  readonly #newLock: LockFactory;
  readonly #fs: FsAdapter;
  readonly #settings: ReportSettings;

  // Each parameter names its service with `@inject`; the types in this signature are
  // imported with `import type` (isolatedModules with emitDecoratorMetadata requires it).
  constructor(
    @inject(LINKLOCK.LockFactory) newLock: LockFactory,
    @inject(LINKLOCK.FsAdapter) fs: FsAdapter,
    @inject(REPORT_SETTINGS) settings: ReportSettings,
  ) {
    this.#newLock = newLock;
    this.#fs = fs;
    this.#settings = settings;
  }

  /** The lock every publisher of this directory takes. */
  get lockPath(): string {
    return `${this.#settings.directory}/publish.lock`;
  }

  /** Publishes `text` as `name` in the reports directory. */
  async publish(name: string, text: string): Promise<PublishResult> {
    const path = `${this.#settings.directory}/${name}`;
    const lock = this.#newLock(this.lockPath);
    try {
      await lock.lock({ timeout: this.#settings.lockTimeoutMs });
    } catch (error) {
      return failure(error);
    }
    try {
      await this.#replace(path, text);
      return { ok: true, path };
    } catch (error) {
      return failure(error);
    } finally {
      // Removes only our own lock file. `unconditionally`: a lock lost meanwhile (reported to
      // the lock's `onCompromised`) leaves nothing to release.
      await lock.unlock({ unconditionally: true });
    }
  }

  /** Writes a temporary file and renames it over `path`; on failure, removes the temporary file. */
  async #replace(path: string, text: string): Promise<void> {
    const temporary = `${path}.tmp`;
    try {
      await this.#fs.writeFile(temporary, text);
      await this.#fs.rename(temporary, path);
    } catch (error) {
      try {
        await this.#fs.unlink(temporary);
      } catch (cleanup) {
        // ENOENT: never created, or the rename took effect although it reported an error.
        if (!hasCode(cleanup, 'ENOENT')) throw cleanup;
      }
      throw error;
    }
  }
}

function failure(error: unknown): PublishResult {
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ELOCKTIMEOUT') return { ok: false, reason: 'busy', detail };
  if (code === 'ENOSPC' || code === 'EDQUOT') return { ok: false, reason: 'disk-full', detail };
  // Anything without an errno code is a bug, not a condition to report.
  if (code === undefined) throw error;
  return { ok: false, reason: 'io-error', code, detail };
}
