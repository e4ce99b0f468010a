import type { AcquireFailure, FileOp, OpResult, ReleaseResult } from './codes.js';
import type { FaultKind } from './fault-kind.js';

/**
 * The trace of a simulated run: everything the checkers and the report see. Times are the
 * simulation's true (server) time in milliseconds. `pid`s are unique across the whole run.
 * Checkers only read the trace; they never steer the run.
 */
export type TraceEvent =
  /** One file operation of a process, as its client answered it. */
  | {
      t: number;
      kind: 'op';
      pid: number;
      client: string;
      op: FileOp;
      path: string;
      result: OpResult;
      note?: string;
    }
  /**
   * A process starts waiting for the lock (`lock()` or `tryLock()`); `mode: 'read'` when it
   * asks a shared lock for a reader's place (absent: alone, as a writer or an exclusive lock).
   */
  | {
      t: number;
      kind: 'acquire-start';
      pid: number;
      client: string;
      timeoutMs: number | null;
      mode?: 'read';
    }
  /** The lock call returned holding the lock (a reader's place with `mode: 'read'`); the critical section begins now. */
  | { t: number; kind: 'cs-enter'; pid: number; client: string; token?: number; mode?: 'read' }
  /** The critical section ends (before the release call). */
  | { t: number; kind: 'cs-exit'; pid: number }
  /** The lock call gave up (timeout, tryLock false) or failed (error code). */
  | { t: number; kind: 'acquire-failed'; pid: number; reason: AcquireFailure }
  /** The release call returned: `ok` or an error code (ECOMPROMISED, ENOTLOCKED, EIO, ...). */
  | { t: number; kind: 'release'; pid: number; result: ReleaseResult }
  /** The holder was told its lock was lost (onCompromised, or a refresh/release error). */
  | { t: number; kind: 'compromised'; pid: number; source: 'refresh' | 'release'; message: string }
  /** A line the lock logged at warn or error level (debug and info are not traced). */
  | { t: number; kind: 'log'; pid: number; level: 'warn' | 'error'; message: string }
  /** A process was killed: no cleanup, its files stay. */
  | { t: number; kind: 'crash'; pid: number }
  /** A process stopped running (a GC stall, a laptop lid) for `ms`. */
  | { t: number; kind: 'pause'; pid: number; ms: number }
  /** A process finished its workload and exited normally. */
  | { t: number; kind: 'exit'; pid: number }
  /** A fault the simulation injected or a staleness it served. */
  | { t: number; kind: 'fault'; what: FaultKind; client?: string; pid?: number; detail?: string }
  /** The end of the run: the names left in the lock directory on the server. */
  | { t: number; kind: 'end'; files: string[] };

/** The events of one kind (`TraceEventOf<'pause'>`), for code that has already told them apart. */
export type TraceEventOf<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;
