/**
 * A simulated time or duration for a message: milliseconds to a tenth, without a trailing zero
 * (`2202.6 ms`, `5864 ms`; never `-0 ms`). The checkers' messages and the report use it alike.
 */
export function ms(value: number): string {
  return `${Number.isFinite(value) ? Math.round(value * 10) / 10 + 0 : value} ms`;
}
