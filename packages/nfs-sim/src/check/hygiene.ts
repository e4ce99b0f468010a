import { LockNames } from '@linklock/core';
import { inTimeOrder } from '../trace/time-order.js';
import type { TraceEvent } from '../trace/trace-event.js';
import { type CheckOptions, DEFAULT_LOCK_BASENAME, validateCheckOptions } from './check-options.js';
import { ms } from './format-ms.js';
import type { Violation } from './violation.js';

/**
 * Hygiene (docs/protocol.md, "Guarantees": after every process exits normally nothing of the lock
 * remains; no error-level log line in a run with no crash and no expiry). The rule, exactly:
 *
 * (a) Leftover files. Every name in the (last) `end` event's `files` must be explained, else it
 *     is a violation naming the file (and the pids it names, if any):
 *     - fencing files (`….fence`, `….fence.<n>`) are always allowed: the counter and its latest
 *       witness stay by design; so is a shared lock's count of reader slots (`<lock>.slots`);
 *       every name here may start with the lock's shortened stem instead of its name, when the
 *       lock's name is too long for the name to fit in 255 bytes (docs/protocol.md, "Files");
 *     - a name attributable to a crashed pid (it contains `.<pid>.` or ends with `.<pid>`; `|`
 *       counts as a `.`, for flufl.lock's claim names) is allowed: a killed process cleans
 *       nothing up (its claim, tombstone, ...);
 *     - likewise a name attributable to a pid whose soft mount gave up on one of its requests
 *       (a `soft-timeout` fault of that pid): the call failed with EIO, the caller was told,
 *       and the file it could not remove holds an expired record that a later break sweeps;
 *     - likewise a name attributable to a pid still running when the run ended (no `exit`, no
 *       `crash`: the run hit its time limit); the guarantee is about processes that exited;
 *     - a name starting with `.nfs` (a silly rename) is allowed only if some process crashed (or
 *       is still running at the end), or the server ran a request twice (`drc-miss`: the
 *       client's own rename of the open file then answers ENOENT and it loses track of the
 *       `.nfs` name; real clients leave such files too): otherwise every open file was closed,
 *       and the client removed it at last close. The same goes for the fencing counter's scratch file
 *       (`….fence.tmp.<nonce>`), which carries a nonce, not a pid, so cannot be attributed;
 *     - the lock file itself (`lockBasename`), a shared lock's reader slot (`<lock>.slot.<i>`, a
 *       reader's lock file) and the break guard (`….break`) are allowed only if
 *       some process crashed or paused (a dead or stopped holder leaves its lock, a stopped
 *       breaker its guard, until someone breaks them), is still running at the end, or the
 *       server ran a request twice (a lock moved aside by it is put back, marked, for an owner
 *       that may have left: it expires and the next user breaks it);
 *     - anything else (claim files of pids that exited cleanly, tombstones, probe files) leaked.
 *     A trace without an `end` event lists no files and is not judged on them.
 * (b) Error logs. If the run had no crash, no pause, no `clock-step`, `soft-timeout` or
 *     `drc-miss` fault — nothing that may make a lock expire under its holder, leave a lock
 *     behind, or move a lock file by a request that ran twice — then every `log` event at level 'error' is a violation: the lock logged an
 *     error although nothing went wrong (the seed race H1 is the classic).
 */
export function checkHygiene(trace: readonly TraceEvent[], options: CheckOptions): Violation[] {
  validateCheckOptions(options);
  const events = inTimeOrder(trace);
  return [...leftoverFiles(events, options), ...needlessErrors(events)];
}

function leftoverFiles(events: readonly TraceEvent[], options: CheckOptions): Violation[] {
  const end = events.findLast((event) => event.kind === 'end');
  if (end?.kind !== 'end') return [];
  const run = summarise(events, options);
  const violations: Violation[] = [];
  for (const name of end.files) {
    const named = [...run.pids].filter((pid) => namesPid(name, pid));
    if (explained(name, named, run)) continue;
    violations.push({
      checker: 'hygiene',
      message: `${describe(name, named, run.lockBasename)} was left in the lock directory at the end of the run (${ms(end.t)}): ${expected(name, run.lockBasename)}`,
      t: end.t,
      pids: named,
    });
  }
  return violations;
}

interface RunSummary {
  lockBasename: string;
  /** Every pid the trace mentions. */
  pids: Set<number>;
  crashed: Set<number>;
  /** Pids with neither an `exit` nor a `crash`: still running when the run was cut off. */
  running: Set<number>;
  paused: boolean;
  /** The server ran a non-idempotent request twice (a duplicate request cache miss). */
  drcMiss: boolean;
  /** Pids whose soft mount gave up on a request (they were told with EIO). */
  gaveUp: Set<number>;
}

function summarise(events: readonly TraceEvent[], options: CheckOptions): RunSummary {
  const pids = new Set<number>();
  const crashed = new Set<number>();
  const exited = new Set<number>();
  let paused = false;
  let drcMiss = false;
  const gaveUp = new Set<number>();
  for (const event of events) {
    if (event.kind === 'fault' && event.what === 'soft-timeout' && event.pid !== undefined)
      gaveUp.add(event.pid);
    if (event.kind === 'fault' && event.what === 'drc-miss') drcMiss = true;
    if ('pid' in event && event.pid !== undefined) pids.add(event.pid);
    if (event.kind === 'crash') crashed.add(event.pid);
    if (event.kind === 'exit') exited.add(event.pid);
    if (event.kind === 'pause') paused = true;
  }
  const running = new Set([...pids].filter((pid) => !crashed.has(pid) && !exited.has(pid)));
  const lockBasename = options.lockBasename ?? DEFAULT_LOCK_BASENAME;
  return { lockBasename, pids, crashed, running, paused, drcMiss, gaveUp };
}

function explained(name: string, named: readonly number[], run: RunSummary): boolean {
  if (isFencingFile(name) || name === new LockNames(run.lockBasename).slotCount) return true;
  if (named.some((pid) => run.crashed.has(pid) || run.running.has(pid) || run.gaveUp.has(pid)))
    return true;
  if (name.startsWith('.nfs') && run.drcMiss) return true;
  if (name.startsWith('.nfs') || isFenceScratch(name)) {
    return run.crashed.size > 0 || run.running.size > 0;
  }
  if (isLockFile(name, run.lockBasename) || name.endsWith('.break')) {
    return run.crashed.size > 0 || run.paused || run.running.size > 0 || run.drcMiss;
  }
  return false;
}

function needlessErrors(events: readonly TraceEvent[]): Violation[] {
  const excused = events.some(
    (event) =>
      event.kind === 'crash' ||
      event.kind === 'pause' ||
      (event.kind === 'fault' &&
        (event.what === 'clock-step' ||
          event.what === 'soft-timeout' ||
          event.what === 'drc-miss')),
  );
  if (excused) return [];
  return events.flatMap((event): Violation[] =>
    event.kind === 'log' && event.level === 'error'
      ? [
          {
            checker: 'hygiene',
            message: `pid ${event.pid} logged an error at ${ms(event.t)} ("${event.message}") in a run with no crash, pause, clock step or soft timeout: expected nothing above warn`,
            t: event.t,
            pids: [event.pid],
          },
        ]
      : [],
  );
}

/**
 * The name carries the pid as a whole field: `.<pid>.` inside or `.<pid>` at the end, with `|`
 * accepted as well as `.` (flufl.lock's claim names, `<lock>|<host>|<pid>|<random>`).
 */
function namesPid(name: string, pid: number): boolean {
  // A search rather than a RegExp built per name and pid: compiling those was a fortieth of a run.
  const digits = String(pid);
  for (let at = name.indexOf(digits); at !== -1; at = name.indexOf(digits, at + 1)) {
    const before = name[at - 1];
    const after = name[at + digits.length];
    if (
      (before === '.' || before === '|') &&
      (after === undefined || after === '.' || after === '|')
    )
      return true;
  }
  return false;
}

/** `<lock>.fence.tmp.<nonce>`: the counter's next value before its rename (core's fence.ts). */
function isFenceScratch(name: string): boolean {
  return /\.fence\.tmp\.[^.]+$/.test(name);
}

/** The lock file, or one of a shared lock's reader slots (each a reader's lock file). */
function isLockFile(name: string, lockBasename: string): boolean {
  return name === lockBasename || isReaderSlot(name, lockBasename);
}

/** `<lock>.slot.<i>`, or `<stem>.slot.<i>` for a lock name too long for that (core's LockNames). */
function isReaderSlot(name: string, lockBasename: string): boolean {
  return new LockNames(lockBasename).isSlot(name);
}

function isFencingFile(name: string): boolean {
  return name.endsWith('.fence') || /\.fence\.\d+$/.test(name);
}

function describe(name: string, pids: readonly number[], lockBasename: string): string {
  if (name === lockBasename) return `${name} (the lock file)`;
  if (isReaderSlot(name, lockBasename)) return `${name} (a reader slot)`;
  if (name.endsWith('.break')) return `${name} (the break guard)`;
  if (pids.length === 0) return name;
  return `${name} (of pid ${pids.join(' or pid ')}, which exited cleanly)`;
}

function expected(name: string, lockBasename: string): string {
  if (name.startsWith('.nfs') || isFenceScratch(name)) {
    return 'expected no such file once every process exited without a crash';
  }
  if (isLockFile(name, lockBasename) || name.endsWith('.break')) {
    return 'expected it removed once every process exited, in a run without a crash or pause';
  }
  return 'expected every exit path to remove its files';
}
