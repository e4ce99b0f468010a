import { type FsAdapter, hasCode } from '@linklock/core';

/**
 * What another process of the check watches for, in its own view of the scratch directory:
 * a name appearing or going away (the kernel's name cache), a file's size changing (its
 * attribute cache), a file's content as the lock reads it, or a watcher waking.
 */
export type Probe =
  | { op: 'name'; name: string; present: boolean }
  | { op: 'size'; name: string; size: number }
  | { op: 'content'; name: string; expected: string }
  | { op: 'watch' };

/** A started probe: it has looked once (or its watch is set), and resolves when it sees the change. */
export interface RunningProbe {
  /** Resolves when the probe has looked once and not seen the change yet. */
  ready: Promise<void>;
  /**
   * The monotonic time (`process.hrtime.bigint()`: one clock for every process of this
   * machine) at which the change was first seen, or null when it was not within the timeout.
   */
  seen: Promise<bigint | null>;
}

/** How often a polling probe looks. Fast enough for millisecond staleness, light on NFS. */
const POLL_MS = 5;

/** Starts `probe` on `fs` in `directory`; `undefined` for a watch on an adapter without one. */
export function startProbe(
  fs: FsAdapter,
  directory: string,
  probe: Probe,
  timeoutMs: number,
): RunningProbe | undefined {
  if (probe.op === 'watch') return startWatch(fs, directory, timeoutMs);
  const path = `${directory}/${probe.name}`;
  const looks = (): Promise<boolean> => sees(fs, path, probe);
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const seen = (async () => {
    const deadline = performance.now() + timeoutMs;
    let first = true;
    for (;;) {
      const found = await looks();
      if (first) markReady();
      first = false;
      if (found) return process.hrtime.bigint();
      if (performance.now() > deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  return { ready, seen };
}

/** Whether the change `probe` waits for shows at `path` now. */
async function sees(fs: FsAdapter, path: string, probe: Exclude<Probe, { op: 'watch' }>) {
  try {
    switch (probe.op) {
      case 'name':
        await fs.stat(path);
        return probe.present;
      case 'size':
        return (await fs.stat(path)).size === probe.size;
      case 'content':
        return (await readAsTheLockDoes(fs, path)) === probe.expected;
    }
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return probe.op === 'name' && !probe.present;
    throw error;
  }
}

/** A file's content read as the lock reads a record: through `readContent` when the adapter has it. */
function readAsTheLockDoes(fs: FsAdapter, path: string): Promise<string> {
  const options = { maxBytes: 4096 };
  return fs.readContent?.(path, options) ?? fs.read(path, options).then((read) => read.data);
}

function startWatch(fs: FsAdapter, directory: string, timeoutMs: number): RunningProbe | undefined {
  if (fs.watch === undefined) return undefined;
  const watch = fs.watch.bind(fs);
  const seen = new Promise<bigint | null>((resolve) => {
    let stop: () => void = () => undefined;
    const timer = setTimeout(() => {
      stop();
      resolve(null);
    }, timeoutMs);
    stop = watch(directory, () => {
      const at = process.hrtime.bigint();
      clearTimeout(timer);
      stop();
      resolve(at);
    });
  });
  return { ready: Promise.resolve(), seen };
}
