import type { ChildProcess } from 'node:child_process';

/**
 * What must not outlive a check, however it ends (returned, threw, Ctrl-C): the processes it
 * started, and its scratch directory. Each is registered while it exists; an interrupted check
 * calls {@link cleanUpNow} before it exits.
 */
const children = new Set<ChildProcess>();
const cleanups = new Set<() => Promise<void> | void>();

/** Kills `child` if the check is interrupted while it runs. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** Runs `cleanup` if the check is interrupted; the returned function unregisters it. */
export function cleanUpOnInterrupt(cleanup: () => Promise<void> | void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/**
 * Kills every child and runs every cleanup, giving up on those still running after
 * `timeoutMs` (an NFS server that stopped answering must not keep Ctrl-C from working).
 */
export async function cleanUpNow(timeoutMs = 10_000): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  const pending = [...cleanups].map(async (cleanup) => cleanup());
  cleanups.clear();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const giveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([Promise.allSettled(pending), giveUp]);
  clearTimeout(timer);
}
