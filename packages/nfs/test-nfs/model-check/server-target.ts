/**
 * One NFS server under test, driven procedure by procedure: the simulator's model or a real
 * server. Names are of files in one directory; handles are kept by the name they were looked up
 * by. Every call answers `OK` or the errno code the server's status means; a READ answers
 * `OK "content"`.
 */
export interface ServerTarget {
  create(name: string, data: string, how: CreateMode, lost?: Loss): Promise<string>;
  link(from: string, to: string, lost?: Loss): Promise<string>;
  rename(from: string, to: string, lost?: Loss): Promise<string>;
  remove(name: string, lost?: Loss): Promise<string>;
  /** Looks `name` up and keeps its file handle. */
  keepHandle(name: string): Promise<string>;
  readHandle(name: string): Promise<string>;
  getattrHandle(name: string): Promise<string>;
  writeHandle(name: string, data: string): Promise<string>;
  /** The directory as it is now: each name with its content. */
  files(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** GUARDED fails on any existing name; EXCLUSIVE succeeds again for its own verifier. */
export type CreateMode = 'guarded' | 'exclusive';

/**
 * The call's reply is lost after the server ran it and the client sends it again (same xid):
 * the server's duplicate request cache `replays` the first answer, or has `forgot` it (another
 * client port, a restart, a full cache) and runs the call again.
 */
export type Loss = 'replays' | 'forgot';
