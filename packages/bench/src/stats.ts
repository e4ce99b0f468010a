/** Order statistics of a sample: medians and tail percentiles, robust to noisy timings. */
export interface Summary {
  count: number;
  median: number;
  p95: number;
  p99: number;
}

/** The value at quantile `q` (0–1) of ascending `sorted`, nearest-rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
  };
}

/** Nanoseconds on the monotonic clock shared by every process of this machine. */
export function nowNs(): number {
  return Number(process.hrtime.bigint());
}

/**
 * The arithmetic mean. Unlike the median it counts the rare slow cycles in: over NFS a
 * retransmission or a clock calibration is part of what a cycle costs on average.
 */
export function mean(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  return samples.reduce((sum, sample) => sum + sample, 0) / samples.length;
}
