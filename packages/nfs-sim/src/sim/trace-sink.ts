import type { FileOp, OpResult } from '../trace/codes.js';
import type { FaultKind } from '../trace/fault-kind.js';
import type { TraceEvent } from '../trace/trace-event.js';

/** Collects the trace of a run, stamping each event with the true time. */
export class TraceSink {
  readonly events: TraceEvent[] = [];
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Adds an event (its `t` is filled in). */
  add(event: DistributiveOmit<TraceEvent, 't'>): void {
    const stamped = { t: this.#now(), ...event } as TraceEvent;
    this.events.push(stamped);
  }

  /**
   * Adds a file operation: the most frequent event, built here as one literal (the same fields,
   * in the same order, as `add` would give it) rather than copied from another.
   */
  op(pid: number, client: string, op: FileOp, path: string, result: OpResult): void {
    this.events.push({ t: this.#now(), kind: 'op', pid, client, op, path, result });
  }

  fault(what: FaultKind, where: { client?: string; pid?: number; detail?: string }): void {
    this.add({ kind: 'fault', what, ...where });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
