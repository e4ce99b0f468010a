/**
 * Why an RPC call got no usable answer: the connection could not be made (ECONNREFUSED,
 * EHOSTUNREACH, ...), no reply came in time on a soft call (ETIMEDOUT), the server spoke
 * something that is not ONC RPC or refused the call (EPROTO, EACCES), or the transport was
 * closed (ECONNABORTED). The adapter turns it into the filesystem error of the operation.
 */
export class RpcCallError extends Error {
  override name = 'RpcCallError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
