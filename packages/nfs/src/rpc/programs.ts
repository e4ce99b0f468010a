/** The ONC RPC programs this client calls, with the versions it speaks. */
export const PORTMAPPER = { program: 100000, version: 2, port: 111 } as const;
export const MOUNT = { program: 100005, version: 3 } as const;
export const NFS = { program: 100003, version: 3 } as const;

/** IPPROTO_TCP, as the portmapper spells the transport. */
export const PROTOCOL_TCP = 6;
