import type { SeededRandom } from '@linklock/faulty';
import type { LockInstance, LockMode } from '../algorithms/algorithm.js';
import type { Scheduler } from '../sim/scheduler.js';
import type { TraceSink } from '../sim/trace-sink.js';
import type { ErrorCode, UncodedError } from '../trace/codes.js';
import type { WorkloadOptions } from './workload-options.js';

/**
 * One simulated process's life: loop acquire → critical section → release, recording ghost
 * events (`cs-enter`, `cs-exit`) in the trace at the true time, which is what the safety
 * checker reads. It is ordinary async code driving the real lock; it only waits on the
 * simulation (its clock's sleeps and its filesystem's RPCs).
 */
export async function runProcess(
  pid: number,
  client: string,
  lock: LockInstance,
  parts: {
    scheduler: Scheduler;
    trace: TraceSink;
    random: SeededRandom;
    workload: WorkloadOptions;
    /** Whether the lock has shared (read) locks: then `workload.readShare` of the attempts read. */
    shared: boolean;
    /** Called as the critical section begins (after its `cs-enter`): a planned holder crash strikes here. */
    entered: () => void;
  },
): Promise<void> {
  const { scheduler, trace, random, workload, shared, entered } = parts;
  const between = ([min, max]: [number, number]) => min + random.next() * (max - min);
  for (let i = 0; i < workload.iterations; i += 1) {
    const timeoutMs = chooseTimeout(random, workload);
    const mode = shared ? chooseMode(random, workload) : 'write';
    const read = mode === 'read' ? { mode } : {};
    trace.add({ kind: 'acquire-start', pid, client, timeoutMs, ...read });
    let held = false;
    try {
      held = await lock.acquire(timeoutMs, mode);
    } catch (error) {
      trace.add({ kind: 'acquire-failed', pid, reason: codeOf(error) });
    }
    if (held) {
      trace.add({
        kind: 'cs-enter',
        pid,
        client,
        ...(lock.token === undefined ? {} : { token: lock.token }),
        ...read,
      });
      entered(); // a crashed process goes no further: its sleep below never ends
      await scheduler.sleep(between(workload.criticalSectionMs), pid);
      trace.add({ kind: 'cs-exit', pid });
      await release(pid, lock, trace);
    } else if (
      !trace.events.some(
        (e) => e.kind === 'acquire-failed' && e.pid === pid && e.t === scheduler.now(),
      )
    ) {
      trace.add({ kind: 'acquire-failed', pid, reason: timeoutMs === 0 ? 'busy' : 'timeout' });
    }
    await scheduler.sleep(between(workload.thinkMs), pid);
  }
  trace.add({ kind: 'exit', pid });
}

async function release(pid: number, lock: LockInstance, trace: TraceSink): Promise<void> {
  try {
    await lock.release();
    trace.add({ kind: 'release', pid, result: 'ok' });
  } catch (error) {
    const code = codeOf(error);
    trace.add({ kind: 'release', pid, result: code });
    if (code === 'ECOMPROMISED') {
      trace.add({ kind: 'compromised', pid, source: 'release', message: (error as Error).message });
    }
  }
}

/** Reader or writer, for a shared lock (an exclusive one draws nothing: its runs stay as they were). */
function chooseMode(random: SeededRandom, workload: WorkloadOptions): LockMode {
  return random.chance(workload.readShare) ? 'read' : 'write';
}

function chooseTimeout(random: SeededRandom, workload: WorkloadOptions): number | null {
  if (random.chance(workload.tryLockShare)) return 0;
  if (!random.chance(workload.timeoutShare)) return null;
  const [min, max] = workload.timeoutMs;
  return Math.round(min + random.next() * (max - min));
}

/** What a lock or release call threw, in the trace's words: its code, else its name (a bug). */
function codeOf(error: unknown): ErrorCode {
  return (error as { code?: ErrorCode }).code ?? ((error as Error).name as UncodedError) ?? 'error';
}
