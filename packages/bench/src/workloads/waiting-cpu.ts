import { rmSync } from 'node:fs';
import { BenchChild } from '../children.js';
import type { Library } from '../libraries.js';
import { scratchDirectory } from '../scratch.js';

export interface WaitingCpuOptions {
  libraries: readonly Library[];
  /** How long the waiters' CPU is measured while the holder keeps the lock. */
  holdMs: number;
  waiters: number;
  onProgress?(message: string): void;
}

export interface WaitingCpuRow {
  id: string;
  label: string;
  waiters: number;
  holdMs: number;
  /** CPU milliseconds one waiter spent during `holdMs` of waiting (median over the waiters). */
  cpuMsPerWaiter: number;
  /** The same, per second of waiting: the share of a core a waiting process costs. */
  cpuMsPerSecond: number;
  /** From the holder starting its release to the first waiter holding the lock. */
  handoffMs: number;
}

/**
 * One process holds the lock; `waiters` processes wait for it. Once they have settled, each
 * waiter's CPU is measured over `holdMs`; then the holder releases and they take the lock in turn.
 */
export async function runWaitingCpu(options: WaitingCpuOptions): Promise<WaitingCpuRow[]> {
  const rows: WaitingCpuRow[] = [];
  for (const library of options.libraries) {
    options.onProgress?.(`CPU while waiting: ${library.label}, ${options.waiters} waiters`);
    rows.push(await runOne(library, options));
  }
  return rows;
}

/** Waiters settle into their steady state (first look, watch, backoff) before measuring. */
export const SETTLE_MS = 300;

async function runOne(library: Library, options: WaitingCpuOptions): Promise<WaitingCpuRow> {
  const dir = scratchDirectory(`waiting-${library.id}`);
  const children: BenchChild[] = [];
  try {
    const holder = new BenchChild({ role: 'hold', library: library.id, dir });
    children.push(holder);
    await holder.next('held');
    const waiters = Array.from({ length: options.waiters }, () => {
      const child = new BenchChild({ role: 'wait', library: library.id, dir });
      children.push(child);
      return child;
    });
    await Promise.all(waiters.map((child) => child.next('waiting')));
    await sleep(SETTLE_MS);
    for (const child of waiters) child.send({ type: 'mark' });
    await sleep(options.holdMs);
    for (const child of waiters) child.send({ type: 'mark' });
    holder.send({ type: 'release' });
    const released = await holder.next('released');
    const acquired = await Promise.all(waiters.map((child) => child.next('acquired')));
    await Promise.all(children.map((child) => child.exit()));
    const cpuMs = acquired.map((report) => report.cpuUs / 1_000).sort((a, b) => a - b);
    const median = cpuMs[Math.floor(cpuMs.length / 2)] as number;
    const first = Math.min(...acquired.map((report) => report.atNs));
    return {
      id: library.id,
      label: library.label,
      waiters: options.waiters,
      holdMs: options.holdMs,
      cpuMsPerWaiter: median,
      cpuMsPerSecond: median / (options.holdMs / 1_000),
      handoffMs: (first - released.atNs) / 1e6,
    };
  } finally {
    for (const child of children) child.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
