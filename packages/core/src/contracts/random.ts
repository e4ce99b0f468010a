/** Randomness, injected so a simulation seed replays exactly. */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** A unique token made of `[A-Za-z0-9_-]` only (no dots), at least 8 characters long. */
  nonce(): string;
}
