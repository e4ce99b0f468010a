import type { Op } from './ops.js';

/** One call through a FaultyFs, as `history()` reports it. */
export interface HistoryEntry<O extends string = Op> {
  /** Sequence number, from 1. */
  call: number;
  op: O;
  /** The path arguments. */
  paths: string[];
  /** Other arguments worth seeing (sizes, offsets, options). */
  details: Record<string, unknown>;
  /**
   * `ok`, or the errno code the caller received; `pending` until the call has its outcome (a
   * call held by a pause with phase `after` already shows it).
   */
  outcome: string;
  /** Whether the outcome was made by a fault (a rule, a ghost name) rather than the inner adapter. */
  injected: boolean;
  /** Which rule or mechanism fired, if any. */
  fault?: string;
  /** With phase 'after' faults: the operation took effect although the caller saw an error. */
  tookEffect?: boolean;
  /** The injected clock's time when the call arrived and when it returned (when there is a clock). */
  startedAt?: number;
  endedAt?: number;
  latencyMs?: number;
}

/** History lines as text: for printing when a test fails. */
export function formatHistory<O extends string>(entries: readonly HistoryEntry<O>[]): string {
  return entries
    .map((entry) => {
      const time = entry.startedAt === undefined ? '' : `@${entry.startedAt} `;
      const fault = entry.fault
        ? ` [${entry.fault}${entry.tookEffect ? ', took effect' : ''}]`
        : '';
      return `#${entry.call} ${time}${entry.op} ${entry.paths.join(' -> ')}: ${entry.outcome}${fault}`;
    })
    .join('\n');
}
