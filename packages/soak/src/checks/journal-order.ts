import type { JournalEntry } from '../fenced-journal.js';
import { addViolation, type CheckResult, withOverflow } from './check-result.js';

/**
 * Check 1, on the journal: the accepted writes, in the order the journal accepted them, carry
 * tokens that never decrease, and the writes of one tenure (one acquisition) form one unbroken
 * run: once another tenure's write was accepted, no write of an earlier tenure is. Two tenures
 * that interleave would be two holders writing at once, which fencing exists to prevent, and
 * two tenures with one token could interleave without any token going backwards.
 */
export function checkJournalOrder(entries: readonly JournalEntry[]): CheckResult {
  const accepted = entries.filter((entry) => entry.accepted).sort((a, b) => a.index - b.index);
  const violations: string[] = [];
  const overflow = { count: 0 };
  const finished = new Set<string>();
  let previous: JournalEntry | undefined;
  for (const entry of accepted) {
    if (previous !== undefined && entry.token < previous.token) {
      addViolation(
        violations,
        `write #${entry.index} (tenure ${entry.tenure}) was accepted with token ${entry.token} after write #${previous.index} with token ${previous.token}`,
        overflow,
      );
    }
    if (previous !== undefined && previous.tenure !== entry.tenure) finished.add(previous.tenure);
    if (finished.has(entry.tenure)) {
      addViolation(
        violations,
        `write #${entry.index} of tenure ${entry.tenure} (token ${entry.token}) was accepted after another tenure's writes: tenures overlap`,
        overflow,
      );
    }
    previous = entry;
  }
  const tenures = new Set(accepted.map((entry) => entry.tenure)).size;
  return {
    name: 'journal order',
    checked: `${accepted.length} accepted writes of ${tenures} tenures`,
    violations: withOverflow(violations, overflow),
  };
}
