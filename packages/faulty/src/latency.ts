import type { Op } from './ops.js';
import type { SeededRandom } from './seeded-random.js';

/** The time one operation takes: `minMs` plus an exponentially distributed part of mean `meanMs`. */
export interface LatencySpec {
  minMs: number;
  meanMs: number;
}

/** Latency per operation; `default` covers the operations not named. */
export type LatencyOptions = Partial<Record<Op | 'default', LatencySpec>>;

/** Draws operation latencies from the seed. */
export class LatencyModel {
  readonly #options: LatencyOptions;

  constructor(options: LatencyOptions) {
    for (const [op, spec] of Object.entries(options)) {
      if (spec === undefined) continue;
      if (
        !(
          Number.isFinite(spec.minMs) &&
          spec.minMs >= 0 &&
          Number.isFinite(spec.meanMs) &&
          spec.meanMs >= 0
        )
      ) {
        throw new RangeError(
          `FaultyFs latency.${op}: \`minMs\` and \`meanMs\` must be finite numbers >= 0`,
        );
      }
    }
    this.#options = options;
  }

  get enabled(): boolean {
    return Object.values(this.#options).some((spec) => spec !== undefined);
  }

  /** Milliseconds for one call of `op` (0 when no latency is set for it). */
  draw(op: Op, random: SeededRandom): number {
    const spec = this.#options[op] ?? this.#options.default;
    if (spec === undefined) return 0;
    return spec.minMs + random.exponential(spec.meanMs);
  }
}
