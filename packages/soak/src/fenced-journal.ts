/**
 * The fenced resource of the soak: a journal kept by the parent process, which plays a storage
 * service that checks fencing tokens the way docs/guarantees.md asks of one: it remembers the
 * highest token it accepted, refuses a write with a lower one, and accepts an equal or higher one
 * (one holder writes many times with its token). Compare and record are one step, since the
 * parent handles one message at a time. Refused writes are kept too: they are the late writes of
 * holders that were stopped and lost the lock meanwhile.
 */
export interface JournalEntry {
  /** Position in the order the journal handled writes (accepted and refused alike). */
  index: number;
  /** When the journal handled it (`Date.now()`). */
  atMs: number;
  /** The process that wrote, its slot and pid. */
  slot: number;
  pid: number;
  /** The writer's tenure (one acquisition: `<incarnation>:<pid>:<n>`) and its fencing token. */
  tenure: string;
  token: number;
  accepted: boolean;
}

export interface WriteRequest {
  slot: number;
  pid: number;
  tenure: string;
  token: number;
}

export class FencedJournal {
  readonly entries: JournalEntry[] = [];
  #highestAccepted = Number.NEGATIVE_INFINITY;

  /** Accepts the write if its token is at least the highest accepted so far; records it either way. */
  write(request: WriteRequest, atMs = Date.now()): boolean {
    const accepted = request.token >= this.#highestAccepted;
    if (accepted) this.#highestAccepted = request.token;
    this.entries.push({ index: this.entries.length, atMs, ...request, accepted });
    return accepted;
  }

  get accepted(): number {
    return this.entries.filter((entry) => entry.accepted).length;
  }

  get refused(): number {
    return this.entries.length - this.accepted;
  }
}
