import type { Violation } from '../check/violation.js';
import type { WorldOptions } from '../sim/world-options.js';
import type { SimulationStats } from '../simulate.js';
import type { AcquireFailure, OpResult, ReleaseResult } from '../trace/codes.js';
import type { FaultKind } from '../trace/fault-kind.js';

/**
 * What the timeline draws, computed from a run's trace alone (`layoutRun`). Every mark keeps
 * `event`, the index of the trace event it comes from, so the page can show that event; times
 * are the trace's true (server) milliseconds.
 */
export interface RunLayout {
  seed: number;
  profile: string;
  algorithm: string;
  /** The command line that reruns this seed (`linklock simulate --seed S ...`). */
  replay: string;
  /** What the command line cannot express (a request it has no flag for), or null. */
  replayNote: string | null;
  options: WorldOptions;
  finished: boolean;
  traceHash: string;
  stats: SimulationStats;
  /** The end of the run: its `end` event, or its last event. */
  endMs: number;
  hosts: HostGroup[];
  /** In drawing order: the server lane, then per host its host lane and its processes' lanes. */
  lanes: Lane[];
  intervals: Interval[];
  /** In trace order (so by time within each lane). */
  markers: Marker[];
  violations: ViolationMark[];
  /** The distinct fencing tokens, ascending (each gets its colour). */
  tokens: number[];
}

/** One client host and the lanes that belong to it. */
export interface HostGroup {
  name: string;
  pids: number[];
  /** Its host lane, then its process lanes. */
  lanes: number[];
}

/**
 * A column of the timeline. Process lanes carry a process's life; a host lane carries what
 * happened to the client as a whole (a clock step, a duplicate request cache miss); the server
 * lane what happened to the server (a restart, the end of the run).
 */
export interface Lane {
  index: number;
  kind: 'server' | 'host' | 'process';
  host: string | null;
  pid: number | null;
  label: string;
}

export type IntervalKind = 'waiting' | 'holding' | 'refreshing' | 'releasing' | 'paused';

/**
 * A span of a process's life. `holding` is the critical section (what the safety checker
 * compares); `releasing` runs from its end to the release call's return.
 */
export interface Interval {
  kind: IntervalKind;
  lane: number;
  pid: number;
  start: number;
  end: number;
  /** The fencing token of the acquisition it belongs to, if the lock gave one. */
  token: number | null;
  /** The trace event that opened it. */
  event: number;
  /** The trace event that closed it, or null when the run ended first. */
  endEvent: number | null;
  /** How it ended: `acquired`, a failure reason, `ok` or an error code, `crashed`, `run ended`. */
  outcome: IntervalOutcome;
}

/**
 * How an interval ended: a wait `acquired` or with the lock call's failure; a critical section
 * `exited`, or `entered again` (a trace without its `cs-exit`); a release with its result; a
 * refresh with its last operation's result; anything by a crash (`crashed`) or the end of the
 * run (`run ended`); a pause says its length (`100 ms`).
 */
export type IntervalOutcome =
  | 'acquired'
  | 'exited'
  | 'entered again'
  | 'crashed'
  | 'run ended'
  | AcquireFailure
  | ReleaseResult
  | OpResult
  | `${number} ms`;

export type MarkerKind =
  | FaultKind
  | 'op'
  | 'op-error'
  | 'crash'
  | 'pause'
  | 'compromised'
  | 'log-warn'
  | 'log-error'
  | 'acquire-failed'
  | 'release-error'
  | 'exit'
  | 'end';

/** A point event on one lane. */
export interface Marker {
  kind: MarkerKind;
  time: number;
  lane: number;
  event: number;
  /** For an op: the faults it met (stale caches, lost messages), as trace indices. */
  related?: number[];
  /** For a staleness fault: what the client saw against what the server held. */
  view?: StaleView;
}

/** A staleness fault read apart: per field, the client's cached value and the server's. */
export interface StaleView {
  path: string;
  fields: { name: string; client: string; server: string }[];
}

/** A checker's finding, placed on the timeline. */
export interface ViolationMark {
  checker: Violation['checker'];
  message: string;
  start: number;
  end: number;
  pids: number[];
  lanes: number[];
  /** The trace event that shows it (the later holder's entry, the waiter's start), if found. */
  event: number | null;
}
