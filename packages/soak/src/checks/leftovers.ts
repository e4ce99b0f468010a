import type { CheckResult } from './check-result.js';

/**
 * The fencing witnesses a lock keeps on purpose: the latest 64 (docs/protocol.md, "Fencing
 * tokens"), so that a reader of a lagging counter still probes past them.
 */
export const WITNESSES_KEPT = 64;

/** A file in the lock's directory, with the pid of the owner record it holds, when it holds one. */
export interface DirectoryEntry {
  name: string;
  recordPid?: number;
}

/** What the files left in the lock's directory are. */
export interface LeftoverClasses {
  /** The fencing counter and the latest witnesses: they stay by design. */
  kept: string[];
  /** Claims, tombstones, the lock file or the break guard of a process the soak killed. */
  ofKilled: string[];
  /**
   * Files a killed process can leave that no sweep removes: a witness older than the latest 64
   * (its token was won and never published, so the witness 64 tokens later never pruned it) and
   * the scratch file of a fencing counter being published.
   */
  neverSwept: string[];
  /** Anything else: files of processes that were not killed, or not the lock's at all. */
  unexpected: string[];
}

/**
 * Sorts the entries of the lock's directory. `killedPids`: every process the soak SIGKILLed;
 * `highestToken`: the highest fencing token handed out (witnesses above it minus 64 are kept).
 */
export function classifyLeftovers(
  lockName: string,
  entries: readonly DirectoryEntry[],
  killedPids: ReadonlySet<number>,
  highestToken: number,
): LeftoverClasses {
  const classes: LeftoverClasses = { kept: [], ofKilled: [], neverSwept: [], unexpected: [] };
  const family = new RegExp(
    `^${escapeRegExp(lockName)}\\.(claim|tomb|reader)\\.[^.]+\\.(\\d+)\\.[^.]+$`,
  );
  const witness = new RegExp(`^${escapeRegExp(lockName)}\\.fence\\.(\\d+)$`);
  for (const entry of entries) {
    const { name } = entry;
    const familyMatch = family.exec(name);
    const witnessMatch = witness.exec(name);
    if (name === `${lockName}.fence`) classes.kept.push(name);
    else if (witnessMatch !== null) {
      const token = Number(witnessMatch[1]);
      (token > highestToken - WITNESSES_KEPT ? classes.kept : classes.neverSwept).push(name);
    } else if (name.startsWith(`${lockName}.fence.tmp.`)) classes.neverSwept.push(name);
    else if (familyMatch !== null) {
      (killedPids.has(Number(familyMatch[2])) ? classes.ofKilled : classes.unexpected).push(name);
    } else if (name === lockName || name === `${lockName}.break`) {
      const killed = entry.recordPid !== undefined && killedPids.has(entry.recordPid);
      (killed ? classes.ofKilled : classes.unexpected).push(describeHeld(entry));
    } else classes.unexpected.push(name);
  }
  return classes;
}

/** Check 3a, after every process exited: only what killed processes leave, besides what stays by design. */
export function checkLeftoversBeforeSweep(classes: LeftoverClasses): CheckResult {
  return {
    name: 'leftovers before the sweep',
    checked: `${total(classes)} files: ${classes.kept.length} kept by design, ${classes.ofKilled.length} of killed processes, ${classes.neverSwept.length} that no sweep removes`,
    violations: classes.unexpected.map(
      (name) => `${name} is not a file a killed process can leave`,
    ),
  };
}

/** Check 3b, after the sweep: nothing but what stays by design (and what no sweep removes, reported apart). */
export function checkLeftoversAfterSweep(classes: LeftoverClasses): CheckResult {
  return {
    name: 'leftovers after the sweep',
    checked: `${total(classes)} files: ${classes.kept.length} kept by design, ${classes.neverSwept.length} that no sweep removes`,
    violations: [...classes.ofKilled, ...classes.unexpected].map(
      (name) => `${name} is still there after the sweep`,
    ),
  };
}

function total(classes: LeftoverClasses): number {
  return (
    classes.kept.length +
    classes.ofKilled.length +
    classes.neverSwept.length +
    classes.unexpected.length
  );
}

function describeHeld(entry: DirectoryEntry): string {
  return entry.recordPid === undefined ? entry.name : `${entry.name} (pid ${entry.recordPid})`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
