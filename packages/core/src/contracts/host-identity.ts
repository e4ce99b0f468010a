/** Who this process is, as far as other processes sharing the lock directory can tell. */
export interface HostIdentity {
  hostname: string;
  pid: number;
  /** Changes at every boot (Linux: /proc/sys/kernel/random/boot_id). */
  bootId?: string;
  /** Distinguishes pid namespaces (containers) on one kernel (Linux: /proc/self/ns/pid). */
  pidNamespace?: string;
  /**
   * Whether a process of this host, boot and pid namespace is alive. Used only to break the
   * lock of a holder that provably died; without it a dead holder waits out its lifetime.
   */
  isProcessAlive?(pid: number): boolean;
}
