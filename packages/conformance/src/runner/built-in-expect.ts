import { deepEqual } from '../support/deep-equal.js';
import { formatValue } from '../support/format-value.js';
import type { Assertion, Expect } from '../test-framework.js';

/**
 * A failed expectation. Named like vitest's, so the suites pass it through unchanged (its
 * message already names the contract line) where they wrap any other error.
 */
export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

/**
 * The `expect` of the built-in runner: the few matchers the cases use, failing with messages
 * worded as vitest words them (`link: ...: expected 'resolved' to be 'EEXIST'`), so a report
 * reads the same whichever ran the case. No test framework is needed at run time.
 */
export const builtInExpect: Expect = (actual, message) => assertion(actual, message, false);

function assertion(actual: unknown, message: string | undefined, negated: boolean): Assertion {
  const check = (passes: boolean, words: string, expected: unknown) => {
    if (passes !== negated) return;
    const what = `expected ${formatValue(actual)} ${negated ? 'not ' : ''}${words} ${formatValue(expected)}`;
    throw new AssertionError(message === undefined ? what : `${message}: ${what}`);
  };
  return {
    toBe: (expected) => check(Object.is(actual, expected), 'to be', expected),
    toEqual: (expected) => check(deepEqual(actual, expected), 'to deeply equal', expected),
    toContain: (item) => check(contains(actual, item), 'to include', item),
    toBeGreaterThanOrEqual: (expected) =>
      check(
        typeof actual === 'number' && actual >= expected,
        'to be greater than or equal to',
        expected,
      ),
    get not() {
      return assertion(actual, message, !negated);
    },
  };
}

function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') return typeof item === 'string' && container.includes(item);
  if (Array.isArray(container)) return container.some((element) => Object.is(element, item));
  return false;
}
