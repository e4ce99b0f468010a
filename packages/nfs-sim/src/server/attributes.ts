/** File attributes as the server reports them (NFS fattr): what clients cache. */
export interface Attributes {
  ino: number;
  type: 'file' | 'directory';
  nlink: number;
  size: number;
  /** Stamped by the server's clock at every change (or set by a client's SETATTR). */
  mtimeMs: number;
  /** Bumped at every change of content or attributes (NFSv4's change attribute, a ctime). */
  change: number;
}

/** What a directory-changing reply tells the client about the directory (NFSv3 wcc_data). */
export interface DirectoryChange {
  path: string;
  /** The directory's change attribute just before the operation. */
  before: number;
  after: Attributes;
}
