import type { Op } from './ops.js';
import type { SeededRandom } from './seeded-random.js';

/** The time one operation takes: `minMs` plus an exponentially distributed part of mean `meanMs`. */
export interface LatencySpec {
  minMs: number;
  meanMs: number;
}

/** Latency per operation; `default` covers the operations not named. */
export type LatencyOptions<O extends string = Op> = Partial<Record<O | 'default', LatencySpec>>;

/** Draws operation latencies from the seed. */
export class LatencyModel<O extends string = Op> {
  readonly #options: LatencyOptions<O>;

  constructor(options: LatencyOptions<O>) {
    for (const [op, spec] of Object.entries<LatencySpec | undefined>(options)) {
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
    return Object.values<LatencySpec | undefined>(this.#options).some((spec) => spec !== undefined);
  }

  /** Milliseconds for one call of `op` (0 when no latency is set for it). */
  draw(op: O, random: SeededRandom): number {
    const spec = this.#options[op] ?? this.#options.default;
    if (spec === undefined) return 0;
    return spec.minMs + random.exponential(spec.meanMs);
  }
}
