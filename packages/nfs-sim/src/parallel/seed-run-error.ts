/** A run of a batch that threw (in a worker thread or not), named by its seed so it replays. */
export class SeedRunError extends Error {
  readonly seed: number;

  constructor(seed: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`seed ${seed} failed: ${reason} (run it alone: simulate({ seed: ${seed}, ... }))`, {
      cause,
    });
    this.name = 'SeedRunError';
    this.seed = seed;
  }
}
