import type { Tenure } from '../tenure.js';
import { addViolation, type CheckResult, withOverflow } from './check-result.js';

/**
 * Check 2, on the tenures: every acquisition got a token, no two the same, and an acquisition
 * whose lock() call began after another's had resolved got a higher token (docs/guarantees.md:
 * "an acquisition that began after a higher token's holder entered gets a higher token").
 * The times are the children's: the call's start is taken before lock() and the entry after it
 * resolved, so a stopped child can only make a pair look concurrent (unchecked), never ordered
 * the wrong way round.
 */
export function checkTokenOrder(tenures: readonly Tenure[]): CheckResult {
  const violations: string[] = [];
  const overflow = { count: 0 };
  const byToken = new Map<number, Tenure>();
  const tokened: Tenure[] = [];
  for (const tenure of tenures) {
    if (!Number.isSafeInteger(tenure.token) || tenure.token < 1) {
      addViolation(
        violations,
        `tenure ${tenure.id} got no fencing token (${tenure.token})`,
        overflow,
      );
      continue;
    }
    tokened.push(tenure);
    const other = byToken.get(tenure.token);
    if (other !== undefined) {
      addViolation(
        violations,
        `tenures ${other.id} and ${tenure.id} both got token ${tenure.token}`,
        overflow,
      );
    }
    byToken.set(tenure.token, tenure);
  }
  for (const [later, earlier] of successionViolations(tokened)) {
    addViolation(
      violations,
      `tenure ${later.id} began its lock() call after tenure ${earlier.id} (token ${earlier.token}) had entered, yet got token ${later.token}`,
      overflow,
    );
  }
  return {
    name: 'token order',
    checked: `${tenures.length} tenures, ${byToken.size} distinct tokens`,
    violations: withOverflow(violations, overflow),
  };
}

/**
 * Pairs (later, earlier) where `later` called lock() after `earlier` entered but has a token no
 * higher: the tenures by call start, against the highest token among those entered before it.
 */
function successionViolations(tenures: readonly Tenure[]): [Tenure, Tenure][] {
  const byEntry = [...tenures].sort((a, b) => a.acquiredAtMs - b.acquiredAtMs);
  const byCall = [...tenures].sort((a, b) => a.lockCalledAtMs - b.lockCalledAtMs);
  const found: [Tenure, Tenure][] = [];
  let highest: Tenure | undefined;
  let entered = 0;
  for (const later of byCall) {
    while (
      entered < byEntry.length &&
      (byEntry[entered] as Tenure).acquiredAtMs < later.lockCalledAtMs
    ) {
      const tenure = byEntry[entered] as Tenure;
      if (highest === undefined || tenure.token > highest.token) highest = tenure;
      entered += 1;
    }
    if (highest !== undefined && later.token <= highest.token && later.id !== highest.id) {
      found.push([later, highest]);
    }
  }
  return found;
}
