import { XdrReader } from '../xdr/xdr-reader.js';
import { XdrWriter } from '../xdr/xdr-writer.js';

/**
 * ONC RPC version 2 messages (RFC 5531): the call header this client sends and the reply
 * header it reads before a procedure's result.
 */

/** The message's constants (RFC 5531, section 9), for whatever reads or writes RPC records. */
export const RPC_MESSAGE = {
  CALL: 0,
  REPLY: 1,
  VERSION: 2,
  MSG_ACCEPTED: 0,
  MSG_DENIED: 1,
  ACCEPT_SUCCESS: 0,
  /** The longest credential or verifier body. */
  MAX_AUTH_BYTES: 400,
} as const;

const { CALL, REPLY, VERSION: RPC_VERSION, MSG_ACCEPTED, ACCEPT_SUCCESS } = RPC_MESSAGE;
const AUTH_NONE = 0;
const AUTH_SYS = 1;

/** AUTH_SYS credentials (RFC 5531, appendix A): who the server takes the caller for. */
export interface AuthSys {
  machineName: string;
  uid: number;
  gid: number;
  gids?: readonly number[];
}

export interface CallHeader {
  xid: number;
  program: number;
  version: number;
  procedure: number;
  /** Omitted: AUTH_NONE (the portmapper needs no credentials). */
  auth?: AuthSys;
}

/** A whole call message: header, credentials, a null verifier, then the encoded arguments. */
export function encodeCall(header: CallHeader, args: Uint8Array): Buffer {
  const writer = new XdrWriter(64 + args.length);
  writer.uint32(header.xid).uint32(CALL).uint32(RPC_VERSION);
  writer.uint32(header.program).uint32(header.version).uint32(header.procedure);
  if (header.auth === undefined) writer.uint32(AUTH_NONE).opaque(new Uint8Array(0));
  else writer.uint32(AUTH_SYS).opaque(encodeAuthSys(header.auth));
  writer.uint32(AUTH_NONE).opaque(new Uint8Array(0));
  writer.fixedOpaque(args);
  return Buffer.from(writer.bytes());
}

function encodeAuthSys(auth: AuthSys): Buffer {
  const writer = new XdrWriter(64);
  writer.uint32(0); // stamp: the server does not check it
  writer.string(auth.machineName.slice(0, 255));
  writer.uint32(auth.uid).uint32(auth.gid);
  const gids = (auth.gids ?? []).slice(0, 16);
  writer.uint32(gids.length);
  for (const gid of gids) writer.uint32(gid);
  return Buffer.from(writer.bytes());
}

/** The transaction id of a reply record, or undefined when it is too short to have one. */
export function replyXid(record: Buffer): number | undefined {
  return record.length >= 4 ? record.readUInt32BE(0) : undefined;
}

/** Why the server did not run a call (a reply other than accepted/SUCCESS). */
export class RpcRejectedError extends Error {
  override name = 'RpcRejectedError';
}

const ACCEPT_FAILURES: Record<number, string> = {
  1: 'PROG_UNAVAIL: the server does not serve this program',
  2: 'PROG_MISMATCH: the server does not serve this program version',
  3: 'PROC_UNAVAIL: the server does not know this procedure',
  4: 'GARBAGE_ARGS: the server could not decode the arguments',
  5: 'SYSTEM_ERR: the server failed',
};

const AUTH_FAILURES: Record<number, string> = {
  1: 'bad credentials',
  2: 'credentials rejected: start a new session',
  3: 'bad verifier',
  4: 'verifier expired or replayed',
  5: 'credentials too weak (the server wants other security than AUTH_SYS)',
};

/**
 * Reads a reply's header and returns a reader at the procedure's result. Throws
 * {@link RpcRejectedError} for a refused call and `XdrDecodeError` for a record that is not a
 * reply at all.
 */
export function openReply(record: Buffer): XdrReader {
  const reader = new XdrReader(record);
  reader.uint32(); // xid, matched by the caller
  const type = reader.uint32();
  if (type !== REPLY) throw new RpcRejectedError(`expected an RPC reply, got message type ${type}`);
  const replyStat = reader.uint32();
  if (replyStat !== MSG_ACCEPTED) {
    const rejectStat = reader.uint32();
    if (rejectStat === 0) {
      throw new RpcRejectedError(
        `RPC_MISMATCH: the server speaks RPC versions ${reader.uint32()}-${reader.uint32()}`,
      );
    }
    const why = reader.uint32();
    throw new RpcRejectedError(`AUTH_ERROR: ${AUTH_FAILURES[why] ?? `status ${why}`}`);
  }
  reader.uint32(); // verifier flavor
  reader.opaque(RPC_MESSAGE.MAX_AUTH_BYTES);
  const acceptStat = reader.uint32();
  if (acceptStat !== ACCEPT_SUCCESS) {
    const detail = acceptStat === 2 ? ` (versions ${reader.uint32()}-${reader.uint32()})` : '';
    throw new RpcRejectedError(
      `${ACCEPT_FAILURES[acceptStat] ?? `accept status ${acceptStat}`}${detail}`,
    );
  }
  return reader;
}
