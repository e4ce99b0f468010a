/** One finding's verdict: fine, fine but worth knowing, or a danger to the lock. */
export type Verdict = 'ok' | 'caveat' | 'unsafe';

/** The verdict of a whole check: `caveats` is still safe (exit 0). */
export type OverallVerdict = 'safe' | 'caveats' | 'unsafe';

/** The parts of the report, in the order they are printed. */
export const SECTIONS = [
  'filesystem',
  'contract',
  'lock',
  'operations',
  'time',
  'contention',
  'watch',
] as const;
export type Section = (typeof SECTIONS)[number];

/** A measured value worth keeping in `--json`: milliseconds, counts, codes. */
export type Measured = Record<string, number | string | boolean | null>;

/** One finding: what was checked, the verdict, and one line of why. */
export interface CheckEntry {
  section: Section;
  /** Short and stable within its section (`hard links`; for the suites, the case's title). */
  name: string;
  verdict: Verdict;
  why: string;
  measured: Measured;
}

export interface CheckReport {
  /** The directory or nfs:// URL as given. */
  target: string;
  /** The other view of the same directory (`--other-view`), or null. */
  otherView: string | null;
  verdict: OverallVerdict;
  quick: boolean;
  elapsedMs: number;
  checks: CheckEntry[];
  /** What `--quick` left out, in words. */
  skipped: string[];
}

/** A finding (no measurements unless given). */
export function entry(
  section: Section,
  name: string,
  verdict: Verdict,
  why: string,
  measured: Measured = {},
): CheckEntry {
  return { section, name, verdict, why, measured };
}

/** Unsafe when anything is; caveats when anything is worth knowing; safe otherwise. */
export function overallVerdict(checks: readonly CheckEntry[]): OverallVerdict {
  if (checks.some((check) => check.verdict === 'unsafe')) return 'unsafe';
  if (checks.some((check) => check.verdict === 'caveat')) return 'caveats';
  return 'safe';
}

/** The worse of two verdicts. */
export function worst(a: Verdict, b: Verdict): Verdict {
  const rank: Record<Verdict, number> = { ok: 0, caveat: 1, unsafe: 2 };
  return rank[a] >= rank[b] ? a : b;
}
