import { XdrWriter } from '../xdr/xdr-writer.js';
import { PORTMAPPER, PROTOCOL_TCP } from './programs.js';
import { RpcCallError } from './rpc-call-error.js';
import type { RpcTransport } from './rpc-transport.js';

const PMAPPROC_GETPORT = 3;

/**
 * Asks a portmapper (RFC 1833, version 2 `GETPORT`) for the TCP port of a program version.
 * Rejects with ENOENT when the program is not registered there.
 */
export async function lookUpPort(
  portmapper: RpcTransport,
  service: { program: number; version: number; name: string },
): Promise<number> {
  const args = new XdrWriter(16)
    .uint32(service.program)
    .uint32(service.version)
    .uint32(PROTOCOL_TCP)
    .uint32(0)
    .bytes();
  const reply = await portmapper.call(
    { program: PORTMAPPER.program, version: PORTMAPPER.version, procedure: PMAPPROC_GETPORT },
    args,
    { soft: true, failFast: true },
  );
  const port = reply.uint32();
  if (port === 0 || port > 65535) {
    throw new RpcCallError(
      'ENOENT',
      `the portmapper knows no ${service.name} (program ${service.program} version ${service.version}) over TCP`,
    );
  }
  return port;
}
