/**
 * nfsstat3 (RFC 1813, section 2.6) as the errno codes node:fs would give for the same failure;
 * the codes Linux keeps kernel-internal (BADHANDLE, NOT_SYNC, BAD_COOKIE, TOOSMALL, BADTYPE)
 * become the nearest ones a program can act on.
 */
const STATUS_CODES: Record<number, [code: string, name: string]> = {
  1: ['EPERM', 'NFS3ERR_PERM'],
  2: ['ENOENT', 'NFS3ERR_NOENT'],
  5: ['EIO', 'NFS3ERR_IO'],
  6: ['ENXIO', 'NFS3ERR_NXIO'],
  13: ['EACCES', 'NFS3ERR_ACCES'],
  17: ['EEXIST', 'NFS3ERR_EXIST'],
  18: ['EXDEV', 'NFS3ERR_XDEV'],
  19: ['ENODEV', 'NFS3ERR_NODEV'],
  20: ['ENOTDIR', 'NFS3ERR_NOTDIR'],
  21: ['EISDIR', 'NFS3ERR_ISDIR'],
  22: ['EINVAL', 'NFS3ERR_INVAL'],
  27: ['EFBIG', 'NFS3ERR_FBIG'],
  28: ['ENOSPC', 'NFS3ERR_NOSPC'],
  30: ['EROFS', 'NFS3ERR_ROFS'],
  31: ['EMLINK', 'NFS3ERR_MLINK'],
  63: ['ENAMETOOLONG', 'NFS3ERR_NAMETOOLONG'],
  66: ['ENOTEMPTY', 'NFS3ERR_NOTEMPTY'],
  69: ['EDQUOT', 'NFS3ERR_DQUOT'],
  70: ['ESTALE', 'NFS3ERR_STALE'],
  71: ['EREMOTE', 'NFS3ERR_REMOTE'],
  10001: ['ESTALE', 'NFS3ERR_BADHANDLE'],
  10002: ['EIO', 'NFS3ERR_NOT_SYNC'],
  10003: ['EIO', 'NFS3ERR_BAD_COOKIE'],
  10004: ['ENOTSUP', 'NFS3ERR_NOTSUPP'],
  10005: ['EIO', 'NFS3ERR_TOOSMALL'],
  10006: ['EREMOTEIO', 'NFS3ERR_SERVERFAULT'],
  10007: ['EINVAL', 'NFS3ERR_BADTYPE'],
  10008: ['EAGAIN', 'NFS3ERR_JUKEBOX'],
};

export interface StatusCode {
  /** The errno code: `EEXIST`. */
  code: string;
  /** The protocol's name: `NFS3ERR_EXIST`. */
  name: string;
}

export function statusCode(status: number): StatusCode {
  const [code, name] = STATUS_CODES[status] ?? ['EIO', `nfsstat3 ${status}`];
  return { code, name };
}
