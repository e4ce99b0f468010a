import { rmSync } from 'node:fs';
import { BenchChild } from '../children.js';
import type { Library } from '../libraries.js';
import { scratchDirectory } from '../scratch.js';
import { nowNs } from '../stats.js';
import { realfsViews, runCrashOnViews, VIEWS_LIFETIME_MS } from './crash-views.js';

export interface CrashRecoveryOptions {
  libraries: readonly Library[];
  /** The lifetime (linklock) or stale threshold (peers) every library is given. */
  staleMs: number;
  /** How long the waiter has been waiting when the holder is killed. */
  waitBeforeKillMs: number;
  onProgress?(message: string): void;
}

export interface CrashRecoveryRow {
  id: string;
  label: string;
  /**
   * `same-host`: the holder's death can be proven (pid); `cross-host`: it cannot; on the bindfs
   * views: holder and waiter on two views of one directory that cache for 2 s (only with
   * `LINKLOCK_REALFS` naming a root of scripts/realfs/setup.sh; lifetime 5 s, default slop).
   */
  case: 'same-host' | 'cross-host' | typeof ON_VIEWS;
  staleMs: number;
  /** From the holder's acquisition to its SIGKILL: an expiry counts from the acquisition. */
  heldBeforeKillMs: number;
  /** From SIGKILL of the holder to the waiter holding the lock. */
  recoveryMs: number;
}

export const ON_VIEWS = 'cross-host, bindfs views';

/**
 * A holder is SIGKILLed while a waiter waits; the time until the waiter holds the lock. The
 * cross-host case plays a holder on another host (linklock only: the peers do not tell hosts
 * apart, so for them both cases are the same expiry wait).
 */
export async function runCrashRecovery(options: CrashRecoveryOptions): Promise<CrashRecoveryRow[]> {
  const rows: CrashRecoveryRow[] = [];
  for (const library of options.libraries) {
    const cases =
      library.id === 'linklock' ? (['same-host', 'cross-host'] as const) : (['same-host'] as const);
    for (const which of cases) {
      options.onProgress?.(`crash recovery: ${library.label}, ${which}`);
      const measured = await runOne(library, which === 'cross-host', options);
      rows.push({
        id: library.id,
        label: library.label,
        case: which,
        staleMs: options.staleMs,
        ...measured,
      });
    }
  }
  const views = realfsViews();
  if (views === undefined) return rows;
  for (const row of await runCrashOnViews(views, options.waitBeforeKillMs, options.onProgress))
    rows.push({ ...row, case: ON_VIEWS, staleMs: VIEWS_LIFETIME_MS });
  return rows;
}

async function runOne(
  library: Library,
  otherHost: boolean,
  options: CrashRecoveryOptions,
): Promise<{ heldBeforeKillMs: number; recoveryMs: number }> {
  const dir = scratchDirectory(`crash-${library.id}`);
  const { staleMs } = options;
  const holder = new BenchChild({ role: 'hold', library: library.id, dir, staleMs, otherHost });
  let waiter: BenchChild | undefined;
  try {
    const held = await holder.next('held');
    waiter = new BenchChild({ role: 'wait', library: library.id, dir, staleMs });
    await waiter.next('waiting');
    await new Promise((resolve) => setTimeout(resolve, options.waitBeforeKillMs));
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
    rmSync(dir, { recursive: true, force: true });
  }
}
