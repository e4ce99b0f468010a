import type { Probe } from './peer-probes.js';

/** A probe another process has started: see `RunningProbe`. */
export interface PeerProbe {
  ready: Promise<void>;
  seen: Promise<bigint | null>;
}

/**
 * Another process of the check, on the scratch directory (through the other view, when the
 * check was given one): it looks for changes this process makes, to measure how late it sees
 * them, and watches the directory.
 */
export interface Peer {
  /** Words for the report: "another process", "a process on the other view". */
  readonly who: string;
  /** Starts a probe; `undefined` when it is a watch and the peer's adapter has none. */
  probe(probe: Probe, timeoutMs: number): Promise<PeerProbe | undefined>;
  close(): Promise<void>;
}
