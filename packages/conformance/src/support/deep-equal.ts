/**
 * Structural equality as `toEqual` means it: the same primitives (`Object.is`), arrays of equal
 * items in order, plain objects with equal own enumerable properties (an `undefined` property
 * counts as absent, as in vitest). Enough for what the suites compare: lists of names, records.
 */
export function deepEqual(actual: unknown, expected: unknown): boolean {
  if (Object.is(actual, expected)) return true;
  if (typeof actual !== 'object' || typeof expected !== 'object') return false;
  if (actual === null || expected === null) return false;
  if (Array.isArray(actual) !== Array.isArray(expected)) return false;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return (
      actual.length === expected.length && actual.every((item, i) => deepEqual(item, expected[i]))
    );
  }
  const keys = (object: object) =>
    Object.keys(object).filter((key) => (object as Record<string, unknown>)[key] !== undefined);
  const actualKeys = keys(actual);
  const expectedKeys = keys(expected);
  if (actualKeys.length !== expectedKeys.length) return false;
  return expectedKeys.every((key) =>
    deepEqual((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key]),
  );
}
