import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { HostIdentity } from '@linklock/core';

interface KernelIdentity {
  bootId?: string;
  pidNamespace?: string;
}

let kernelIdentity: KernelIdentity | undefined;

/** Boot id and pid namespace, read once per process (Linux; absent elsewhere). */
function readKernelIdentity(): KernelIdentity {
  if (kernelIdentity !== undefined) return kernelIdentity;
  const found: KernelIdentity = {};
  const bootId = attempt(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
  if (bootId) found.bootId = bootId;
  const pidNamespace = attempt(() => readlinkSync('/proc/self/ns/pid'));
  if (pidNamespace) found.pidNamespace = pidNamespace;
  kernelIdentity = found;
  return found;
}

function attempt(read: () => string): string | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * Whether a process of this kernel and pid namespace is alive: `kill(pid, 0)` succeeds (alive)
 * or fails with EPERM (alive, someone else's); only ESRCH proves it dead, or, on Linux, a
 * zombie: a process killed but not yet reaped by its parent still answers `kill(pid, 0)`, yet
 * will never run again (its state in /proc/<pid>/stat is Z or X). Anything that is not a positive
 * pid, and any other failure, counts as alive: a lock is broken only on proof.
 */
function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  return !isZombie(pid);
}

/** `/proc/<pid>/stat` is `pid (comm) state ...`; comm may hold spaces and parentheses. */
function isZombie(pid: number): boolean {
  const stat = attempt(() => readFileSync(`/proc/${pid}/stat`, 'utf8'));
  if (stat === undefined) return false;
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

/**
 * This process as other lock users see it: `os.hostname()`, `process.pid`, the boot id
 * (`/proc/sys/kernel/random/boot_id`) and pid namespace (`/proc/self/ns/pid`, e.g.
 * `pid:[4026531836]`) where Linux provides them, and a liveness check by `kill(pid, 0)`.
 * `overrides` replace fields (tests use `{ hostname: 'other-host' }` to play another host);
 * an override that is `undefined` leaves the field as detected.
 */
export function nodeIdentity(overrides: Partial<HostIdentity> = {}): HostIdentity {
  const identity: HostIdentity = {
    hostname: hostname(),
    pid: process.pid,
    ...readKernelIdentity(),
    isProcessAlive,
  };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value !== undefined) (identity as unknown as Record<string, unknown>)[key] = value;
  }
  return identity;
}
