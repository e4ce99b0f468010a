/**
 * What the soak's parent and its children say to each other over the IPC channel. Times are
 * `Date.now()` of the machine every process shares, so the parent can compare them.
 */

/** What a child is started to do (its one argument, as JSON). */
export interface ChildTask {
  /** `contender`: loop lock → journal writes → unlock; `sacrifice`: take the lock and wait to be killed. */
  role: 'contender' | 'sacrifice';
  /** The lock file as this child's mount reaches it. */
  lockfile: string;
  /** The child's slot in the run (its mount and host); respawned children keep it. */
  slot: number;
  /** Which process of the run this is, counting every start: tenures are named after it, since pids are reused. */
  incarnation: number;
  /** Seeds the child's own pauses and write counts. */
  seed: number;
  lifetimeMs: number;
  clockSlopMs: number;
  retry: { minDelay: number; maxDelay: number };
}

/** A tenure: one acquisition by one process, named `<incarnation>:<pid>:<n>`. */
export type ChildReport =
  | { type: 'ready'; pid: number }
  | { type: 'acquired'; tenure: string; token: number; lockCalledAtMs: number; atMs: number }
  | { type: 'write'; tenure: string; token: number; sequence: number }
  | { type: 'released'; tenure: string; atMs: number }
  | { type: 'compromised'; tenure: string; atMs: number; via: 'onCompromised' | 'release' }
  /**
   * lock() rejected with ECOMPROMISED: the lease lapsed while a fencing token was being won (the
   * process was stopped in the middle of acquiring), so the lock handed out nothing.
   */
  | { type: 'lost-while-acquiring'; tenure: string }
  | { type: 'problem'; tenure: string | undefined; code: string; message: string }
  /** The lock logged that it broke an expired or dead holder's lock. */
  | { type: 'broke' }
  | { type: 'log'; level: 'warn' | 'error'; message: string };

export type ParentMessage =
  /** The journal's answer to a write. */
  | { type: 'written'; sequence: number; accepted: boolean }
  /** The chaos is over: finish the tenure in hand (or give up waiting), release, and exit. */
  | { type: 'finish' };
