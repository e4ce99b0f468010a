/**
 * Continues a call that may answer at once or with a promise, so one piece of logic serves the
 * synchronous form and the asynchronous ones: `onValue` on its answer, `onError` on its failure
 * (thrown or rejected). Either may return a replacement answer or throw.
 */
export function settle<T>(
  run: () => T,
  onValue: (value: Awaited<T>) => unknown,
  onError: (error: unknown) => unknown,
): T {
  let answer: T;
  try {
    answer = run();
  } catch (error) {
    return onError(error) as T;
  }
  if (isPromiseLike(answer)) return answer.then(onValue, onError) as T;
  return onValue(answer as Awaited<T>) as T;
}

function isPromiseLike(value: unknown): value is PromiseLike<never> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
