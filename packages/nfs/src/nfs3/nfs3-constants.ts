/** NFS version 3 procedure numbers (RFC 1813, section 3). */
export const PROCEDURES = {
  NULL: 0,
  GETATTR: 1,
  SETATTR: 2,
  LOOKUP: 3,
  ACCESS: 4,
  READLINK: 5,
  READ: 6,
  WRITE: 7,
  CREATE: 8,
  MKDIR: 9,
  SYMLINK: 10,
  MKNOD: 11,
  REMOVE: 12,
  RMDIR: 13,
  RENAME: 14,
  LINK: 15,
  READDIR: 16,
  READDIRPLUS: 17,
  FSSTAT: 18,
  FSINFO: 19,
  PATHCONF: 20,
  COMMIT: 21,
} as const;

export type ProcedureName = keyof typeof PROCEDURES;

/** ftype3. */
export const FILE_TYPES = {
  1: 'file',
  2: 'directory',
  3: 'block-device',
  4: 'character-device',
  5: 'symlink',
  6: 'socket',
  7: 'fifo',
} as const;

export type FileType = (typeof FILE_TYPES)[keyof typeof FILE_TYPES];

/**
 * createmode3: UNCHECKED keeps an existing file, GUARDED fails with NFS3ERR_EXIST, EXCLUSIVE
 * fails unless the existing file carries the same create verifier.
 */
export const CREATE_UNCHECKED = 0;
export const CREATE_GUARDED = 1;
export const CREATE_EXCLUSIVE = 2;
/** The size of createverf3. */
export const CREATE_VERIFIER_BYTES = 8;

/** stable_how: FILE_SYNC, the data and the file's metadata on stable storage before the reply. */
export const FILE_SYNC = 2;

/** FSINFO properties: the filesystem supports hard links. */
export const FSF3_LINK = 0x0001;

/** Status codes are the first word of every result; 0 is NFS3_OK. */
export const NFS3_OK = 0;
export const NFS3ERR_BAD_COOKIE = 10003;
export const NFS3ERR_JUKEBOX = 10008;

/** The longest file handle NFSv3 allows. */
export const NFS3_FHSIZE = 64;
