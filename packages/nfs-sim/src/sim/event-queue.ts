/** A pending event: fires at virtual time `at`; ties are broken by scheduling order. */
export interface SimEvent {
  at: number;
  seq: number;
  /** The simulated process the event belongs to (deferred by its pauses, dropped at its crash). */
  owner: number | undefined;
  fire: () => void;
  /** Set by whoever scheduled it (an aborted sleep, a crash): the event will not fire. */
  cancelled: boolean;
  /** Set by the scheduler when a pause moved the event later: a copy fires instead. */
  superseded: boolean;
}

/** A binary min-heap of events ordered by (at, seq): the only source of order in a run. */
export class EventQueue {
  readonly #heap: SimEvent[] = [];

  get size(): number {
    return this.#heap.length;
  }

  // Both sifts move a hole instead of swapping pairs: a destructuring swap may allocate, and
  // these run twice per simulated event.
  push(event: SimEvent): void {
    const heap = this.#heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = heap[parent]!;
      if (!before(event, above)) break;
      heap[i] = above;
      i = parent;
    }
    heap[i] = event;
  }

  pop(): SimEvent | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }

  /** Every pending event of one owner (for pauses and crashes). */
  ownedBy(owner: number): SimEvent[] {
    return this.#heap.filter(
      (event) => event.owner === owner && !event.cancelled && !event.superseded,
    );
  }
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
