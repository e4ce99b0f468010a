// The record of critical sections that contending processes keep, and its analysis: the
// demo's contenders write the lines, the demo (and linklock's process tests) read them.
//
// A log line is `start <ns> <pid>` or `end <ns> <pid>`, where <ns> is process.hrtime.bigint():
// CLOCK_MONOTONIC on Linux, one clock for every process of the machine, so timestamps taken by
// different processes compare directly (wall-clock time could step while the demo runs).

export interface CriticalSection {
  pid: number;
  start: bigint;
  end: bigint;
}

export interface Overlap {
  first: CriticalSection;
  second: CriticalSection;
}

/** Now, on the clock all log lines use. */
export function monotonicNow(): bigint {
  return process.hrtime.bigint();
}

/** One log line (with its newline) for entering (`start`) or leaving (`end`) the critical section. */
export function formatEntry(kind: 'start' | 'end', pid: number, at = monotonicNow()): string {
  return `${kind} ${at} ${pid}\n`;
}

const LINE = /^(start|end) (\d+) (\d+)$/;

/**
 * Pairs the `start`/`end` lines of a log into critical sections (per pid: lines of several
 * processes may interleave). Whatever does not pair up is reported as a problem rather than
 * dropped: an unmatched `start` means a process died inside its critical section.
 */
export function parseCriticalSections(text: string): {
  sections: CriticalSection[];
  problems: string[];
} {
  const sections: CriticalSection[] = [];
  const problems: string[] = [];
  const open = new Map<number, bigint>();
  text.split('\n').forEach((line, index) => {
    if (line === '') return;
    const match = LINE.exec(line);
    if (match === null) {
      problems.push(`line ${index + 1}: not a critical-section entry: ${JSON.stringify(line)}`);
      return;
    }
    const [, kind, at, pidText] = match as unknown as [string, string, string, string];
    const time = BigInt(at);
    const pid = Number(pidText);
    const startedAt = open.get(pid);
    if (kind === 'start') {
      if (startedAt !== undefined)
        problems.push(`line ${index + 1}: pid ${pid} started twice without an end`);
      open.set(pid, time);
      return;
    }
    if (startedAt === undefined) {
      problems.push(`line ${index + 1}: pid ${pid} ended a critical section it never started`);
      return;
    }
    open.delete(pid);
    sections.push({ pid, start: startedAt, end: time });
  });
  for (const pid of open.keys()) problems.push(`pid ${pid} never left its last critical section`);
  return { sections, problems };
}

/**
 * The pairs of critical sections that overlap in time. Sorted by start, mutual exclusion means
 * every section starts after all earlier ones ended; the section with the latest end so far
 * stands for "all earlier ones", so one pass finds every violation.
 */
export function findOverlaps(sections: readonly CriticalSection[]): Overlap[] {
  const sorted = [...sections].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const overlaps: Overlap[] = [];
  let latest: CriticalSection | undefined;
  for (const section of sorted) {
    if (latest !== undefined && section.start <= latest.end)
      overlaps.push({ first: latest, second: section });
    if (latest === undefined || section.end > latest.end) latest = section;
  }
  return overlaps;
}

/** A one-line description of an overlap, for test failures and the demo's report. */
export function describeOverlap({ first, second }: Overlap): string {
  const by = Number(first.end - second.start) / 1e6;
  return `pid ${second.pid} entered at ${second.start} while pid ${first.pid} was inside (${first.start}..${first.end}), overlapping by ${by.toFixed(3)} ms`;
}
