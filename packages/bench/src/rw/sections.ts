import type { HeldSection } from './worker-lines.js';

/**
 * What the held sections of a shared-lock run say, on the one monotonic clock of the machine.
 * A section spans from its acquire returning to its release beginning, so it lies inside the
 * time its process held the lock: two sections that overlap were held at once.
 */

/** Every writer's section that overlaps another section (any reader's, another writer's). */
export function writerOverlaps(sections: readonly HeldSection[]): string[] {
  const sorted = [...sections].sort((a, b) => compare(a.acquiredNs, b.acquiredNs));
  const found: string[] = [];
  sorted.forEach((section, index) => {
    for (let next = index + 1; next < sorted.length; next += 1) {
      const other = sorted[next] as HeldSection;
      if (other.acquiredNs > section.releasingNs) break;
      if (section.mode === 'write' || other.mode === 'write') found.push(describe(section, other));
    }
  });
  return found;
}

/** The most readers whose sections overlapped at one moment. */
export function maxConcurrentReaders(sections: readonly HeldSection[]): number {
  const events = sections
    .filter((section) => section.mode === 'read')
    .flatMap((section) => [
      { at: section.acquiredNs, change: 1 },
      { at: section.releasingNs, change: -1 },
    ])
    // At one instant, a leaving reader counts before an entering one.
    .sort((a, b) => compare(a.at, b.at) || a.change - b.change);
  let inside = 0;
  let most = 0;
  for (const event of events) {
    inside += event.change;
    most = Math.max(most, inside);
  }
  return most;
}

/** Milliseconds from asking for the lock to holding it, of each section. */
export function waitsMs(sections: readonly HeldSection[]): number[] {
  return sections.map((section) => Number(section.acquiredNs - section.requestedNs) / 1e6);
}

/** Milliseconds from the first request to the last release returning. */
export function spanMs(sections: readonly HeldSection[]): number {
  const [head, ...rest] = sections;
  if (head === undefined) return 0;
  let first = head.requestedNs;
  let last = head.releasedNs;
  for (const section of rest) {
    if (section.requestedNs < first) first = section.requestedNs;
    if (section.releasedNs > last) last = section.releasedNs;
  }
  return Number(last - first) / 1e6;
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(first: HeldSection, second: HeldSection): string {
  const by = Number(first.releasingNs - second.acquiredNs) / 1e6;
  return `${role(second)} ${second.pid} entered while ${role(first)} ${first.pid} was inside, overlapping by ${by.toFixed(3)} ms`;
}

function role(section: HeldSection): string {
  return section.mode === 'read' ? 'reader' : 'writer';
}
