/**
 * What an interrupted run (Ctrl-C, a kill) must still undo before it exits: directories made
 * outside the run's scratch directory, servers it started. The signal handler exits the
 * process right after, so every cleanup is synchronous.
 */
type Cleanup = () => void;

const pending: Cleanup[] = [];

/**
 * Registers `cleanup` for {@link runInterruptCleanups}; the returned function unregisters it
 * (call it once the normal path has cleaned up itself).
 */
export function onInterrupt(cleanup: Cleanup): () => void {
  pending.push(cleanup);
  return () => {
    const index = pending.lastIndexOf(cleanup);
    if (index >= 0) pending.splice(index, 1);
  };
}

/**
 * Runs the registered cleanups, the latest first (a directory inside a server's export goes
 * before the server), each once; one that throws does not keep the others from running.
 */
export function runInterruptCleanups(report: (message: string) => void = () => {}): void {
  while (pending.length > 0) {
    const cleanup = pending.pop() as Cleanup;
    try {
      cleanup();
    } catch (error) {
      report(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
