/**
 * Resolves with whether `condition` became true within `timeoutMs` of real time, polling.
 * For watchers, whose events come from outside the test's control: the bound is generous
 * (a watch that is merely slow passes, one that never fires fails).
 */
export async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}
