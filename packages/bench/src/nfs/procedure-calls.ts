/**
 * NFS calls by procedure name (`LOOKUP`, `CREATE`, ...): a difference of two
 * `NfsAdapter.statistics().calls`, or its mean per cycle. Only procedures that were called
 * appear, so that a breakdown lists what a lock does and nothing else.
 */
export type ProcedureCalls = Record<string, number>;

/** What `NfsAdapter.statistics().calls` holds: counters, absent for procedures never called. */
export type CallCounters = Readonly<Record<string, number | undefined>>;

/**
 * The calls made between two snapshots of one adapter's counters. The counters only grow, so a
 * negative difference means the snapshots came from different adapters: that is a bug, not data.
 */
export function callsBetween(before: CallCounters, after: CallCounters): ProcedureCalls {
  const calls: ProcedureCalls = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const made = (after[name] ?? 0) - (before[name] ?? 0);
    if (made < 0) {
      throw new RangeError(`NFS ${name} calls went down from ${before[name]} to ${after[name]}`);
    }
    if (made > 0) calls[name] = made;
  }
  return calls;
}

export function totalCalls(calls: Readonly<ProcedureCalls>): number {
  return Object.values(calls).reduce((sum, count) => sum + count, 0);
}

/** The mean per cycle of the calls `cycles` cycles made together. */
export function perCycle(calls: Readonly<ProcedureCalls>, cycles: number): ProcedureCalls {
  if (!Number.isInteger(cycles) || cycles <= 0) {
    throw new RangeError(`a mean needs at least one cycle, got ${cycles}`);
  }
  return Object.fromEntries(Object.entries(calls).map(([name, count]) => [name, count / cycles]));
}

/**
 * `LOOKUP 6, SETATTR 3, REMOVE 2, CREATE 1`: the most frequent procedure first (what dominates
 * a cycle's cost is what a reader looks for), ties by name so that runs compare line by line.
 */
export function formatCalls(calls: Readonly<ProcedureCalls>): string {
  const entries = Object.entries(calls).sort(
    ([nameA, countA], [nameB, countB]) => countB - countA || nameA.localeCompare(nameB),
  );
  if (entries.length === 0) return 'none';
  return entries.map(([name, count]) => `${name} ${formatCount(count)}`).join(', ');
}

/**
 * A count, or a mean of counts: whole numbers as they are, anything else with two decimals,
 * so that a mean of 2.004 reads `2.00` and does not pass for an exact 2.
 */
export function formatCount(count: number): string {
  return Number.isInteger(count) ? String(count) : count.toFixed(2);
}
