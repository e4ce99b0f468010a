import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BenchChild } from '../children.js';
import { filelockIn, PY_FILELOCK_VERSION } from '../rw/py-filelock.js';
import { nowNs } from '../stats.js';

/**
 * The lifetime (linklock) and lease (py-filelock) of the cross-host case on the bindfs views:
 * issue 20's measurement, with linklock's default clock slop.
 */
export const VIEWS_LIFETIME_MS = 5_000;
/** Issue 20's bound on cross-host recovery on the views: a lifetime + this. */
export const VIEWS_RECOVERY_MARGIN_MS = 1_500;

const PY_LEASE_WORKER = fileURLToPath(new URL('../../py/soft_lease_worker.py', import.meta.url));
/** The hostname a holder plays, so that its death cannot be proven by its pid. */
const OTHER_HOST = 'bench-other-host';

export interface ViewsRow {
  id: 'linklock' | 'py-filelock-lease';
  label: string;
  /** From the holder's acquisition to its SIGKILL. */
  heldBeforeKillMs: number;
  /** From SIGKILL of the holder (on view1) to the waiter (on view2) holding the lock. */
  recoveryMs: number;
}

/**
 * The real-filesystem root of scripts/realfs/setup.sh (`LINKLOCK_REALFS`), when its two bindfs
 * views are mounted: two "hosts" that see each other's changes up to 2 s late. Only a root
 * named in the environment is used, never the default one others may be testing on.
 */
export function realfsViews(
  root = process.env.LINKLOCK_REALFS,
): { root: string; view1: string; view2: string } | undefined {
  if (root === undefined || root === '') return undefined;
  const view1 = join(root, 'view1');
  const view2 = join(root, 'view2');
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4]);
  if (!mounts.includes(view1) || !mounts.includes(view2)) return undefined;
  return { root, view1, view2 };
}

/**
 * A holder on view1 playing another host is SIGKILLed while a waiter on view2 waits: linklock
 * (lifetime 5 s, default clock slop) and py-filelock's SoftFileLease (lease 5 s) side by side.
 */
export async function runCrashOnViews(
  views: { root: string; view1: string; view2: string },
  waitBeforeKillMs: number,
  onProgress?: (message: string) => void,
): Promise<ViewsRow[]> {
  onProgress?.('crash recovery: linklock, cross-host on the bindfs views');
  const rows: ViewsRow[] = [
    {
      id: 'linklock',
      label: 'linklock',
      ...(await inScratch(views, (dir1, dir2) => linklockOnViews(dir1, dir2, waitBeforeKillMs))),
    },
  ];
  const python = filelockIn(join(views.root, 'py', 'bin', 'python3'));
  if (!('python' in python)) {
    onProgress?.(`crash recovery: py-filelock skipped (${python.missing})`);
    return rows;
  }
  onProgress?.('crash recovery: py-filelock SoftFileLease, cross-host on the bindfs views');
  rows.push({
    id: 'py-filelock-lease',
    label: `py-filelock ${PY_FILELOCK_VERSION} SoftFileLease`,
    ...(await inScratch(views, (dir1, dir2) =>
      leaseOnViews(python.python, dir1, dir2, waitBeforeKillMs),
    )),
  });
  return rows;
}

type Measured = { heldBeforeKillMs: number; recoveryMs: number };

/** A fresh directory in the backing store, as each view names it. */
async function inScratch(
  views: { root: string; view1: string; view2: string },
  measure: (dir1: string, dir2: string) => Promise<Measured>,
): Promise<Measured> {
  const backing = mkdtempSync(join(views.root, 'backing', 'crash-'));
  const name = backing.slice(backing.lastIndexOf('/') + 1);
  try {
    return await measure(join(views.view1, name), join(views.view2, name));
  } finally {
    rmSync(backing, { recursive: true, force: true });
  }
}

async function linklockOnViews(
  dir1: string,
  dir2: string,
  waitBeforeKillMs: number,
): Promise<Measured> {
  const staleMs = VIEWS_LIFETIME_MS;
  const holder = new BenchChild({
    role: 'hold',
    library: 'linklock',
    dir: dir1,
    staleMs,
    otherHost: true,
    defaultSlop: true,
  });
  let waiter: BenchChild | undefined;
  try {
    const held = await holder.next('held');
    waiter = new BenchChild({
      role: 'wait',
      library: 'linklock',
      dir: dir2,
      staleMs,
      defaultSlop: true,
    });
    await waiter.next('waiting');
    await sleep(waitBeforeKillMs);
    const killedNs = nowNs();
    holder.kill();
    const acquired = await waiter.next('acquired');
    await waiter.exit();
    return {
      heldBeforeKillMs: (killedNs - held.atNs) / 1e6,
      recoveryMs: (acquired.atNs - killedNs) / 1e6,
    };
  } finally {
    holder.dispose();
    waiter?.dispose();
  }
}

async function leaseOnViews(
  python: string,
  dir1: string,
  dir2: string,
  waitBeforeKillMs: number,
): Promise<Measured> {
  const lease = String(VIEWS_LIFETIME_MS / 1000);
  const holder = new PythonChild(python, [
    'hold',
    join(dir1, 'resource.lock'),
    lease,
    '--hostname',
    OTHER_HOST,
  ]);
  let waiter: PythonChild | undefined;
  try {
    const heldNs = await holder.line('held');
    waiter = new PythonChild(python, ['wait', join(dir2, 'resource.lock'), lease]);
    await waiter.line('waiting');
    await sleep(waitBeforeKillMs);
    const killedNs = nowNs();
    holder.kill();
    const acquiredNs = await waiter.line('acquired');
    return {
      heldBeforeKillMs: (killedNs - heldNs) / 1e6,
      recoveryMs: (acquiredNs - killedNs) / 1e6,
    };
  } finally {
    holder.kill();
    waiter?.kill();
  }
}

/** A py-filelock worker; each line it prints is timed as it arrives (a pipe: well under 1 ms). */
class PythonChild {
  readonly #process: ChildProcess;
  readonly #seen = new Map<string, number>();
  readonly #waiting = new Map<string, (atNs: number) => void>();
  #exit: string | undefined;
  readonly #failed: ((reason: Error) => void)[] = [];

  constructor(python: string, args: string[]) {
    this.#process = spawn(python, [PY_LEASE_WORKER, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: this.#process.stdout! }).on('line', (line) => {
      const atNs = nowNs();
      this.#seen.set(line, atNs);
      this.#waiting.get(line)?.(atNs);
    });
    // 'close', not 'exit': by then every line it printed has been read.
    this.#process.on('close', (code, signal) => {
      this.#exit = `exited (${code ?? signal})`;
      for (const fail of this.#failed) fail(new Error(`py-filelock worker ${this.#exit}`));
    });
  }

  /** When the worker printed `text` (waits for it). */
  line(text: string): Promise<number> {
    const seen = this.#seen.get(text);
    if (seen !== undefined) return Promise.resolve(seen);
    if (this.#exit !== undefined)
      return Promise.reject(new Error(`py-filelock worker ${this.#exit}`));
    return new Promise((resolve, reject) => {
      this.#waiting.set(text, resolve);
      this.#failed.push(reject);
    });
  }

  kill(): void {
    if (this.#exit === undefined) this.#process.kill('SIGKILL');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
