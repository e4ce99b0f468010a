/** `Ledger`: how long each observed value has stayed the same, on this observer's monotonic clock. */
export class Ledger {
  readonly #clock: () => number;
  readonly #seen = new Map<string, { value: string | null; since: number }>();

  constructor(clock: () => number) {
    this.#clock = clock;
  }

  /** `observe`: records `value` for `key`, returns how long (ms) it has been unchanged. */
  observe(key: string, value: string | null): number {
    const now = this.#clock();
    const seen = this.#seen.get(key);
    if (seen === undefined || seen.value !== value) {
      this.#seen.set(key, { value, since: now });
      return 0;
    }
    return now - seen.since;
  }

  forget(key: string): void {
    this.#seen.delete(key);
  }
}
