/** The outcome of one of the soak's end-of-run checks. */
export interface CheckResult {
  /** A short name (`journal order`, `token order`, ...). */
  name: string;
  /** What was checked, counted: "2,310 accepted writes of 804 tenures". */
  checked: string;
  /** One line per violation; empty when the check passed. */
  violations: string[];
}

/** At most this many violation lines are kept per check: the first ones tell the story. */
export const MAX_VIOLATIONS = 20;

/** Adds `line` unless the check already has its fill; counts the rest. */
export function addViolation(
  violations: string[],
  line: string,
  overflow: { count: number },
): void {
  if (violations.length < MAX_VIOLATIONS) violations.push(line);
  else overflow.count += 1;
}

/** The violations, with a last line counting those left out. */
export function withOverflow(violations: string[], overflow: { count: number }): string[] {
  return overflow.count === 0 ? violations : [...violations, `… and ${overflow.count} more`];
}
