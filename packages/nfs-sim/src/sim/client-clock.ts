/**
 * A host's clock: the true time plus a fixed offset, a drift (parts per million of elapsed
 * true time) and steps (an NTP correction, an operator's `date -s`) at given true times.
 */
/**
 * What the clocks of a run read at its start (2025-06-15): a real date, so that algorithms
 * comparing times with sentinels such as Mailman's -1 behave as they do in the world. Trace
 * times stay relative to the start of the run.
 */
export const SIM_EPOCH_MS = 1_750_000_000_000;

export interface ClockSpec {
  offsetMs?: number;
  driftPpm?: number;
  steps?: { atMs: number; byMs: number }[];
}

export class ClientClock {
  readonly #offsetMs: number;
  readonly #drift: number;
  readonly #steps: { atMs: number; byMs: number }[];

  constructor(spec: ClockSpec = {}) {
    this.#offsetMs = spec.offsetMs ?? 0;
    this.#drift = (spec.driftPpm ?? 0) / 1_000_000;
    this.#steps = [...(spec.steps ?? [])].sort((a, b) => a.atMs - b.atMs);
  }

  /** What this host's clock reads at true time `trueMs`. */
  read(trueMs: number): number {
    let reading = SIM_EPOCH_MS + trueMs + this.#offsetMs + this.#drift * trueMs;
    for (const step of this.#steps) if (step.atMs <= trueMs) reading += step.byMs;
    return Math.round(reading * 1000) / 1000;
  }

  get steps(): readonly { atMs: number; byMs: number }[] {
    return this.#steps;
  }
}
