import type { Attributes } from '../server/attributes.js';

interface Entry {
  attributes: Attributes;
  /** True time until which the entry is served without asking the server. */
  freshUntil: number;
  timeoutMs: number;
}

/**
 * A client's attribute cache (by inode for files, by path for directories). An entry is
 * served until its timeout; the timeout starts at the minimum, doubles up to the maximum while
 * revalidation after it ran out finds the attributes unchanged, and falls back to the minimum
 * when they change (the Linux client's adaptive attribute caching).
 */
export class AttributeCache<K> {
  readonly #entries = new Map<K, Entry>();
  readonly #minMs: number;
  readonly #maxMs: number;

  constructor(minMs: number, maxMs: number) {
    this.#minMs = minMs;
    this.#maxMs = maxMs;
  }

  /** The cached attributes while fresh; undefined when they must be revalidated. */
  fresh(key: K, nowMs: number): Attributes | undefined {
    const entry = this.#entries.get(key);
    return entry !== undefined && nowMs < entry.freshUntil ? entry.attributes : undefined;
  }

  /** The cached attributes however old (for replies that carry only a change counter). */
  any(key: K): Attributes | undefined {
    return this.#entries.get(key)?.attributes;
  }

  /** Stores attributes just obtained from the server. */
  store(key: K, attributes: Attributes, nowMs: number): void {
    if (this.#maxMs <= 0) return;
    const previous = this.#entries.get(key);
    let timeoutMs = this.#minMs;
    if (previous !== undefined && previous.attributes.change === attributes.change) {
      // Doubled only by a revalidation after the current period ran out (Linux's
      // nfs_update_inode): attributes refreshed within it (an open's GETATTR, the attributes of a
      // LOOKUP or READ reply) restart the period at the same length.
      timeoutMs =
        nowMs >= previous.freshUntil
          ? Math.min(previous.timeoutMs * 2, this.#maxMs)
          : previous.timeoutMs;
    }
    this.#entries.set(key, { attributes, freshUntil: nowMs + timeoutMs, timeoutMs });
  }

  forget(key: K): void {
    this.#entries.delete(key);
  }
}
