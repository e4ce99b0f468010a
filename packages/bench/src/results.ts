import type { Machine } from './machine.js';
import type { ContendedRow } from './workloads/contended.js';
import type { CrashRecoveryRow } from './workloads/crash-recovery.js';
import type { FairnessResult } from './workloads/fairness.js';
import type { NfsResult } from './workloads/nfs.js';
import type { NfsHandoffResult } from './workloads/nfs-handoff.js';
import type { SharedResult } from './workloads/shared.js';
import type { SimulatorRow } from './workloads/simulator.js';
import type { UncontendedResult } from './workloads/uncontended.js';
import type { WaitingCpuRow } from './workloads/waiting-cpu.js';

/** Everything one `pnpm bench` run measured (the `--json` output). */
export interface Results {
  machine: Machine;
  quick: boolean;
  /** The settings each library ran with, by label. */
  settings: Record<string, string>;
  uncontended?: UncontendedResult;
  /** The same, with a CPU-bound process keeping another core busy. */
  uncontendedBusy?: UncontendedResult;
  contended?: ContendedRow[];
  /** Waiting time per acquisition and Jain's index at 8 and 16 processes. */
  fairness?: FairnessResult;
  waitingCpu?: WaitingCpuRow[];
  crashRecovery?: CrashRecoveryRow[];
  simulator?: SimulatorRow[];
  /** Over a real NFS server, or why that was skipped. */
  nfs?: NfsResult;
  /** Hand-offs between hosts in the NFS simulator, and linklock's poll trade-off. */
  nfsHandoff?: NfsHandoffResult;
  /** Shared locks: ReadWriteLock against py-filelock's SoftReadWriteLock. */
  shared?: SharedResult;
  elapsedS: number;
}
