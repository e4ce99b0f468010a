/** A simulated time or duration for a message: milliseconds to one decimal (`2202.6 ms`). */
export function ms(value: number): string {
  return `${Number.isFinite(value) ? Math.round(value * 10) / 10 : value} ms`;
}
