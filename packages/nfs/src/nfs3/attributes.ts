import { XdrDecodeError, type XdrReader } from '../xdr/xdr-reader.js';
import type { XdrWriter } from '../xdr/xdr-writer.js';
import { FILE_TYPES, type FileType } from './nfs3-constants.js';

/** A file's attributes as the server reports them (fattr3, RFC 1813 section 2.6). */
export interface Attributes {
  type: FileType;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  size: number;
  /** The file's number on the server: the same for every name of one file. */
  fileid: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** nfstime3 in milliseconds. */
export function readTime(reader: XdrReader): number {
  const seconds = reader.uint32();
  const nanoseconds = reader.uint32();
  return seconds * 1000 + nanoseconds / 1e6;
}

export function readAttributes(reader: XdrReader): Attributes {
  const typeNumber = reader.uint32();
  const type = FILE_TYPES[typeNumber as keyof typeof FILE_TYPES];
  if (type === undefined) throw new XdrDecodeError(`unknown file type ${typeNumber}`);
  const mode = reader.uint32();
  const nlink = reader.uint32();
  const uid = reader.uint32();
  const gid = reader.uint32();
  const size = reader.uint64Number();
  reader.uint64(); // used
  reader.uint32(); // rdev
  reader.uint32();
  reader.uint64(); // fsid
  const fileid = reader.uint64Number();
  const atimeMs = readTime(reader);
  const mtimeMs = readTime(reader);
  const ctimeMs = readTime(reader);
  return { type, mode, nlink, uid, gid, size, fileid, atimeMs, mtimeMs, ctimeMs };
}

/** post_op_attr: attributes when the server chose to send them. */
export function readPostOpAttributes(reader: XdrReader): Attributes | undefined {
  return reader.optional(readAttributes);
}

/** wcc_data: a directory's or file's attributes before and after a change; only `after` is kept. */
export function readWcc(reader: XdrReader): Attributes | undefined {
  if (reader.bool()) {
    reader.uint64(); // size before
    readTime(reader); // mtime before
    readTime(reader); // ctime before
  }
  return readPostOpAttributes(reader);
}

/** What a SETATTR or CREATE sets (sattr3); everything else is left as the server decides. */
export interface SetAttributes {
  mode?: number;
  size?: number;
  /** Explicit times store the client's clock; `'server'` asks the server to stamp its own. */
  atime?: number | 'server';
  mtime?: number | 'server';
}

const DONT_CHANGE = 0;
const SET_TO_SERVER_TIME = 1;
const SET_TO_CLIENT_TIME = 2;

export function writeSetAttributes(writer: XdrWriter, set: SetAttributes): void {
  optionalUint32(writer, set.mode);
  writer.bool(false); // uid
  writer.bool(false); // gid
  if (set.size === undefined) writer.bool(false);
  else writer.bool(true).uint64(set.size);
  writeTimeHow(writer, set.atime);
  writeTimeHow(writer, set.mtime);
}

function optionalUint32(writer: XdrWriter, value: number | undefined): void {
  if (value === undefined) writer.bool(false);
  else writer.bool(true).uint32(value);
}

function writeTimeHow(writer: XdrWriter, time: number | 'server' | undefined): void {
  if (time === undefined) writer.uint32(DONT_CHANGE);
  else if (time === 'server') writer.uint32(SET_TO_SERVER_TIME);
  else {
    const seconds = Math.floor(time / 1000);
    const nanoseconds = Math.round((time - seconds * 1000) * 1e6);
    writer.uint32(SET_TO_CLIENT_TIME).uint32(seconds).uint32(Math.min(nanoseconds, 999_999_999));
  }
}
