import { hasCode } from '../errors/fs-error.js';
import { ForeignLockFileError, LockError } from '../errors/lock-errors.js';
import type { LockContext } from '../protocol/context.js';
import { readContent } from '../protocol/read-content.js';

const HEADER = 'linklock slots 1\n';
/** One byte per slot ever used. */
const MARK = '.';
/** At most this many readers at once (a writer looks at every slot ever used). */
export const MAX_SLOTS = 4_096;
/** How often a missing count file is created and read again before giving up. */
const OPEN_ATTEMPTS = 3;

/**
 * A shared lock's slot count (`<lock>.slots`): how many reader slots have ever been used, as
 * the number of mark bytes after a header. It is never truncated, renamed or removed: a reader
 * about to use a new slot writes a mark at the slot's own offset first, and a write can make
 * a file longer but never shorter, so the count only grows, even when a reader that lost the
 * gate writes late (it can only make writers look at one slot too many).
 *
 * It is read after open, so a read sees the latest length (the content of an open file is
 * fresh on NFS, unlike a name lookup or a listing, H19).
 */
export class SlotCount {
  readonly #context: LockContext;
  readonly #path: string;

  constructor(context: LockContext) {
    this.#context = context;
    this.#path = context.names.slotCount;
  }

  /**
   * The number of slots ever used, creating the file when it does not exist. A missing file is
   * never taken at its word (a client may have cached "no such name" from before another host
   * created it): the exclusive create decides, on the server, whether it exists.
   */
  async read(): Promise<number> {
    for (let attempt = 1; ; attempt += 1) {
      const count = await this.#readExisting();
      if (count !== undefined) return count;
      try {
        await this.#context.fs.writeFile(this.#path, HEADER, { exclusive: true });
        return 0;
      } catch (error) {
        if (!hasCode(error, 'EEXIST') || attempt >= OPEN_ATTEMPTS) throw error;
      }
    }
  }

  /** The number of slots ever used, 0 when there is no count file (a look: nothing is created). */
  async peek(): Promise<number> {
    return (await this.#readExisting()) ?? 0;
  }

  /** Makes the count at least `count`, knowing it was at least `known` (marks from there on). */
  async extend(known: number, count: number): Promise<void> {
    if (count > MAX_SLOTS) {
      throw new LockError(
        'ETOOMANYREADERS',
        this.#context.names.lockfile,
        `More than ${MAX_SLOTS} readers at once on ${this.#context.names.lockfile}: every reader slot is in use`,
      );
    }
    await this.#context.fs.writeAt(this.#path, HEADER.length + known, MARK.repeat(count - known));
  }

  async #readExisting(): Promise<number | undefined> {
    let data: string;
    try {
      data = await readContent(this.#context.fs, this.#path, HEADER.length + MAX_SLOTS);
    } catch (error) {
      if (hasCode(error, 'ENOENT')) return undefined;
      if (hasCode(error, 'EFBIG', 'ELOOP', 'EISDIR')) throw this.#foreign(error);
      throw error;
    }
    if (!data.startsWith(HEADER) || !/^\.*$/.test(data.slice(HEADER.length))) {
      throw this.#foreign(undefined);
    }
    return data.length - HEADER.length;
  }

  #foreign(cause: unknown): ForeignLockFileError {
    return new ForeignLockFileError(
      this.#context.names.lockfile,
      `${this.#path} is not a linklock slot count; remove it once no process uses ${this.#context.names.lockfile}`,
      { cause },
    );
  }
}
