// A benchmark process: `node dist/child.js '<task as JSON>'`. It takes orders and reports
// over the IPC channel of its parent (src/children.ts) and exits on its own when done: a
// library that left a timer or a watcher running would show up as a child that never exits.
import { readFileSync, writeFileSync } from 'node:fs';
import type { ChildReport, ChildTask } from './child-protocol.js';
import { contenderNamed, type Scenario } from './libraries.js';
import { nowNs } from './stats.js';

function report(message: ChildReport): Promise<void> {
  return new Promise((resolve, reject) => {
    process.send?.(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

function nextMessage(type: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = (message: { type?: string }) => {
      if (message?.type !== type) return;
      process.off('message', listener);
      resolve();
    };
    process.on('message', listener);
  });
}

function cpuMicroseconds(since: NodeJS.CpuUsage): number {
  const usage = process.cpuUsage(since);
  return usage.user + usage.system;
}

/** Acquires `acquisitions` times as fast as it can; a counter file checks the exclusion. */
async function contend(task: Extract<ChildTask, { role: 'contend' }>): Promise<void> {
  const lock = contenderNamed(task.library).open(task.dir);
  const intervals: number[] = [];
  await report({ type: 'ready' });
  await nextMessage('go');
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < task.acquisitions; i += 1) {
    await lock.acquire();
    const acquiredNs = nowNs();
    const count = Number(readFileSync(task.counter, 'utf8'));
    writeFileSync(task.counter, String(count + 1));
    intervals.push(acquiredNs, nowNs());
    await lock.release();
  }
  await report({ type: 'contended', intervals, cpuUs: cpuMicroseconds(cpuStart) });
}

/** Takes the lock and keeps it until told to release it (or killed). */
async function hold(task: Extract<ChildTask, { role: 'hold' }>): Promise<void> {
  const lock = contenderNamed(task.library).open(task.dir, scenarioOf(task));
  const released = nextMessage('release'); // its listener keeps this process alive till then
  await lock.acquire();
  await report({ type: 'held', atNs: nowNs() });
  await released;
  const releasingNs = nowNs();
  await lock.release();
  await report({ type: 'released', atNs: releasingNs });
}

/**
 * Waits for the lock, then releases it. The CPU it used between the parent's two `mark`
 * messages (sent while the lock is held by another) is the cost of waiting.
 */
async function wait(task: Extract<ChildTask, { role: 'wait' }>): Promise<void> {
  const lock = contenderNamed(task.library).open(task.dir, scenarioOf(task));
  const marks: NodeJS.CpuUsage[] = [];
  const onMark = (message: { type?: string }) => {
    if (message?.type === 'mark') marks.push(process.cpuUsage());
  };
  process.on('message', onMark);
  await report({ type: 'waiting' });
  await lock.acquire();
  const acquiredNs = nowNs();
  process.off('message', onMark);
  const [first, second] = marks;
  const cpuUs = first && second ? second.user + second.system - first.user - first.system : 0;
  await lock.release();
  await report({ type: 'acquired', atNs: acquiredNs, cpuUs });
}

function scenarioOf(task: {
  staleMs?: number;
  otherHost?: boolean;
  defaultSlop?: boolean;
}): Scenario {
  return {
    ...(task.staleMs !== undefined ? { staleMs: task.staleMs } : {}),
    ...(task.otherHost ? { otherHost: true } : {}),
    ...(task.defaultSlop ? { defaultSlop: true } : {}),
  };
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask;
  if (task.role === 'contend') await contend(task);
  else if (task.role === 'hold') await hold(task);
  else if (task.role === 'wait') await wait(task);
  else throw new Error(`unknown task ${process.argv[2]}`);
  process.disconnect();
}

main().catch(async (error: unknown) => {
  await report({
    type: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exit(1);
});
