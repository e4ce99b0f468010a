/**
 * The part of a test framework the suites use, described by shape so that this package never
 * imports one: pass vitest's `{ describe, it, expect, beforeEach, afterEach }` (or anything
 * with the same shape, e.g. a recorder that runs the cases itself).
 */
export interface TestFramework {
  describe(name: string, body: () => void): void;
  it(name: string, body: (context: CaseContext) => Promise<void>): void;
  expect: Expect;
  beforeEach(hook: () => Promise<void> | void): void;
  afterEach(hook: () => Promise<void> | void): void;
}

/** What a running case gets from the framework: vitest's test context has it. */
export interface CaseContext {
  /** Marks the running case skipped, with the reason, and stops it (vitest's `context.skip`). */
  skip(note?: string): void;
}

/** `expect(actual, message)`: the message names the contract line a failure breaks. */
export type Expect = (actual: unknown, message?: string) => Assertion;

export interface Assertion {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toContain(item: unknown): void;
  toBeGreaterThanOrEqual(expected: number): void;
  not: Assertion;
}
