// A soak child: one process contending for the lock over its mount, as its own host. Started by
// the parent (soak-child.ts) with its task as the one argument; talks over the IPC channel
// (child-protocol.ts). A contender loops: lock → a few journal writes with short pauses, each
// sent with its fencing token to the parent, which plays the fenced storage service → unlock.
// It writes only while it believes it holds the lock; a refused write ends its tenure.
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLock, type Lock, type LockHandle, NodeFsAdapter } from 'linklock';
import { childLogger } from './child-logger.js';
import type { ChildReport, ChildTask, ParentMessage } from './child-protocol.js';
import { SeededRandom } from './seeded-random.js';
import { SOAK_SETTINGS } from './settings.js';

const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask;
// Each incarnation of a slot draws its own pauses: a respawned child is another process.
const random = new SeededRandom(task.seed ^ process.pid);
const finishing = new AbortController();
const pendingWrites = new Map<number, (accepted: boolean) => void>();
let currentTenure: string | undefined;
let compromised = false;
let writeSequence = 0;

function report(message: ChildReport): void {
  if (process.connected) process.send?.(message);
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'finish') finishing.abort();
  if (message.type === 'written') {
    pendingWrites.get(message.sequence)?.(message.accepted);
    pendingWrites.delete(message.sequence);
  }
});
// The parent is gone (killed without the chance to kill us): nothing to soak for any more.
process.on('disconnect', () => {
  if (!finishing.signal.aborted) process.exit(1);
});

async function createSoakLock(): Promise<Lock> {
  return createLock(task.lockfile, {
    fs: await NodeFsAdapter.forDirectory(dirname(task.lockfile)),
    lifetime: task.lifetimeMs,
    clockSlop: task.clockSlopMs,
    retry: task.retry,
    fencing: true,
    logger: childLogger(report),
    onCompromised: () => {
      compromised = true;
      if (currentTenure !== undefined) {
        report({
          type: 'compromised',
          tenure: currentTenure,
          atMs: Date.now(),
          via: 'onCompromised',
        });
      }
    },
  });
}

/** One journal write through the parent: resolves whether the journal accepted it. */
function write(tenure: string, token: number): Promise<boolean> {
  writeSequence += 1;
  const sequence = writeSequence;
  return new Promise((resolve) => {
    pendingWrites.set(sequence, resolve);
    report({ type: 'write', tenure, token, sequence });
  });
}

/** The writes of one tenure, each after a short pause, while this process believes it holds the lock. */
async function writeWhileHolding(lock: Lock, tenure: string, token: number): Promise<void> {
  const { writesPerTenure, writeGapMs } = SOAK_SETTINGS;
  const writes = random.integer(writesPerTenure.min, writesPerTenure.max);
  for (let i = 0; i < writes; i += 1) {
    await sleep(random.integer(writeGapMs.min, writeGapMs.max));
    if (compromised || !lock.held) return;
    if (!(await write(tenure, token))) return; // fenced off: a later holder wrote already
  }
}

async function release(handle: LockHandle, tenure: string): Promise<void> {
  try {
    await handle.release();
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unknown';
    if (code === 'ECOMPROMISED') {
      report({ type: 'compromised', tenure, atMs: Date.now(), via: 'release' });
    } else {
      report({ type: 'problem', tenure, code, message: messageOf(error) });
    }
  }
  report({ type: 'released', tenure, atMs: Date.now() });
}

async function contend(lock: Lock): Promise<void> {
  let count = 0;
  while (!finishing.signal.aborted) {
    count += 1;
    const tenure = `${task.incarnation}:${process.pid}:${count}`;
    const lockCalledAtMs = Date.now();
    let handle: LockHandle;
    try {
      handle = await lock.acquire({ signal: finishing.signal });
    } catch (error) {
      if (finishing.signal.aborted) return;
      if (codeOf(error) === 'ECOMPROMISED') report({ type: 'lost-while-acquiring', tenure });
      else report({ type: 'problem', tenure, code: codeOf(error), message: messageOf(error) });
      await sleep(100);
      continue;
    }
    currentTenure = tenure;
    compromised = false;
    const token = handle.fencingToken ?? -1;
    report({ type: 'acquired', tenure, token, lockCalledAtMs, atMs: Date.now() });
    await writeWhileHolding(lock, tenure, token);
    await release(handle, tenure);
    currentTenure = undefined;
    await sleep(random.integer(SOAK_SETTINGS.idleMs.min, SOAK_SETTINGS.idleMs.max));
  }
}

/** Takes the lock and keeps it until the parent kills this process: a crash the sweep must clean up after. */
async function sacrifice(lock: Lock): Promise<void> {
  const lockCalledAtMs = Date.now();
  const handle = await lock.acquire();
  const token = handle.fencingToken ?? -1;
  report({
    type: 'acquired',
    tenure: `${task.incarnation}:${process.pid}:1`,
    token,
    lockCalledAtMs,
    atMs: Date.now(),
  });
  await new Promise(() => setInterval(() => {}, 60_000));
}

function codeOf(error: unknown): string {
  return (error as { code?: string }).code ?? (error as Error).name ?? 'unknown';
}

/** The message, with the system call and path of the failure underneath (the evidence). */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error.cause ?? error) as { syscall?: unknown; path?: unknown };
  const what = [cause.syscall, cause.path].filter((part) => typeof part === 'string');
  return what.length === 0 ? error.message : `${error.message} [${what.join(' ')}]`;
}

async function main(): Promise<void> {
  const lock = await createSoakLock();
  report({ type: 'ready', pid: process.pid });
  if (task.role === 'sacrifice') await sacrifice(lock);
  else await contend(lock);
  // No process.exit(): the process must end by itself once the lock is released.
  process.disconnect();
}

main().catch((error: unknown) => {
  report({
    type: 'problem',
    tenure: currentTenure,
    code: codeOf(error),
    message: messageOf(error),
  });
  process.exitCode = 1;
  if (process.connected) process.disconnect();
});
