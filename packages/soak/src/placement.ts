/** Where a soak process reaches the lock directory, and which host it plays. */
export type Mount = 'backing' | 'view1' | 'view2' | 'ssh';

export interface Placement {
  mount: Mount;
  /**
   * The hostname the process runs under (`unshare --uts`), or undefined for this machine's own.
   * Each mount is another "client", so another host: a waiter may use pid liveness only for a
   * holder of its own hostname, and must wait for expiry + slop for the others' (docs/protocol.md).
   */
  hostname: string | undefined;
}

const MOUNTS: readonly Mount[] = ['backing', 'view1', 'view2', 'ssh'];

/** Process `slot` of the run: the mounts in turn, so every mount gets a quarter of them. */
export function placementOf(slot: number): Placement {
  const mount = MOUNTS[slot % MOUNTS.length] as Mount;
  return { mount, hostname: mount === 'backing' ? undefined : `soak-${mount}` };
}
