/**
 * What a `fault` event of the trace says happened: a fault the simulation injected (a lost
 * message, a server restart, a clock step, a long tail), what the server did about one (a
 * duplicate request cache replay or miss), or a stale answer a client's cache served.
 */
export type FaultKind =
  | 'lost-request'
  | 'lost-reply'
  | 'drc-replay'
  | 'drc-miss'
  | 'soft-timeout'
  | 'stale-attributes'
  | 'stale-lookup'
  | 'stale-listing'
  | 'estale'
  | 'silly-rename'
  | 'clock-step'
  | 'server-restart'
  | 'long-tail';
