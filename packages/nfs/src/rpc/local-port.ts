import { randomInt } from 'node:crypto';

/**
 * Where local ports are chosen from: below Linux's ephemeral range (32768-60999 by default) and
 * the IANA one that BSD, macOS and Windows use (49152-65535), so that the kernel does not hand a
 * kept port's number to other connections meanwhile.
 */
const RANGE = { from: 20_000, count: 12_768 };
/** Ports tried in a row before the kernel is left to choose (a range crowded with listeners). */
const MAX_TRIES = 8;

/**
 * The local port a transport connects from, kept across reconnections. Servers key their
 * duplicate request cache by the client's address and port, so a retransmission after a broken
 * connection is recognised only when it comes from the same port; the Linux NFS client keeps its
 * (reserved) port for this reason. An ephemeral port cannot be kept: the kernel gives its number
 * to connections to other destinations, and binding it again then fails. So the port is chosen
 * from a range the kernel does not use for that and kept while it can be bound.
 */
export class LocalPort {
  readonly #choose: () => number;
  #port: number | undefined;
  #failures = 0;

  /** `choose` picks a port (tests give their own). */
  constructor(choose: () => number = randomPort) {
    this.#choose = choose;
    this.#port = choose();
  }

  /** The port to connect from; undefined once too many were unusable (any port, then). */
  get port(): number | undefined {
    return this.#port;
  }

  /** The connection was made: this port is kept. */
  connected(): void {
    this.#failures = 0;
  }

  /** The port could not be bound: another one next time (the server will not know us). */
  unusable(): void {
    this.#failures += 1;
    this.#port = this.#failures >= MAX_TRIES ? undefined : this.#choose();
  }
}

function randomPort(): number {
  return RANGE.from + randomInt(RANGE.count);
}
