import type { FsCapabilities } from '@linklock/core';

/** A declaration in words: "hard links, reliable nlink and inode numbers, 1 ms mtimes, ...". */
export function describeCapabilities(capabilities: FsCapabilities): string {
  const { hardLinks, reliableNlink, reliableIno, mtimeResolutionMs, watchSeesOtherHosts } =
    capabilities;
  const counts =
    reliableNlink && reliableIno
      ? 'reliable nlink and inode numbers'
      : reliableNlink
        ? 'reliable nlink, unreliable inode numbers'
        : reliableIno
          ? 'unreliable nlink, reliable inode numbers'
          : 'unreliable nlink and inode numbers';
  return [
    hardLinks ? 'hard links' : 'no hard links',
    counts,
    `${formatMs(mtimeResolutionMs)} mtimes`,
    watchSeesOtherHosts ? 'a watch that sees other hosts' : 'a watch blind to other hosts',
  ].join(', ');
}

/** `1 ms`, `0.5 ms`, `1 s`, `2.01 s`. */
export function formatMs(ms: number): string {
  if (ms >= 1_000) return `${Number((ms / 1_000).toFixed(2))} s`;
  return `${Number(ms.toPrecision(3))} ms`;
}

/** A granularity step of mtimes in words: 0 is "finer than 1 ms". */
export function describeStep(stepMs: number): string {
  if (stepMs === 0) return 'finer than 1 ms';
  if (stepMs === 1) return 'in whole milliseconds';
  if (stepMs === 1_000) return 'in whole seconds';
  return `in whole multiples of ${formatMs(stepMs)}`;
}
