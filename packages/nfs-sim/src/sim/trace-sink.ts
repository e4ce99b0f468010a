import type { FaultKind, TraceEvent } from '../check/trace.js';

/** Collects the trace of a run, stamping each event with the true time. */
export class TraceSink {
  readonly events: TraceEvent[] = [];
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Adds an event (its `t` is filled in). */
  add(event: DistributiveOmit<TraceEvent, 't'>): void {
    this.events.push({ t: this.#now(), ...event } as TraceEvent);
  }

  fault(what: FaultKind, where: { client?: string; pid?: number; detail?: string }): void {
    this.add({ kind: 'fault', what, ...where });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
