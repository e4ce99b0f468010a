import type { Errno } from '../trace/codes.js';

/**
 * The server's duplicate request cache (DRC): the replies of recent non-idempotent requests by
 * transaction id, so that a retransmission (the first reply was lost) gets the original answer
 * instead of running again — which would answer EEXIST to a LINK or CREATE and ENOENT to a
 * REMOVE that in fact succeeded. It is finite (oldest entries fall out) and lost on restart.
 */
export class DuplicateRequestCache {
  readonly #capacity: number;
  readonly #replies = new Map<string, Outcome>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(xid: string): Outcome | undefined {
    return this.#replies.get(xid);
  }

  remember(xid: string, outcome: Outcome): void {
    if (this.#capacity <= 0) return;
    this.#replies.set(xid, outcome);
    while (this.#replies.size > this.#capacity) {
      const oldest = this.#replies.keys().next().value;
      if (oldest === undefined) break;
      this.#replies.delete(oldest);
    }
  }

  clear(): void {
    this.#replies.clear();
  }
}

/** What a request came to on the server: a value, or an errno code. */
export type Outcome = { ok: true; value: unknown } | { ok: false; code: Errno };
