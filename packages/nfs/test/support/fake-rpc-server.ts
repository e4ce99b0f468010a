import { createServer, type Server, type Socket } from 'node:net';
import { frameRecord, RecordDecoder } from '../../src/rpc/record-marking.js';
import { XdrReader } from '../../src/xdr/xdr-reader.js';
import { XdrWriter } from '../../src/xdr/xdr-writer.js';

/** A call as the fake server received it. */
export interface ReceivedCall {
  xid: number;
  program: number;
  version: number;
  procedure: number;
  /** The client's source port (servers key their duplicate request cache by it). */
  remotePort: number;
  /** The bytes after the credentials and verifier: the procedure's arguments. */
  args: XdrReader;
  /** Which arrival of this xid it is: 1 for the first, 2 for a retransmission, ... */
  arrival: number;
  /** Answers it later (after the handler chose 'silence'), on the connection it came on. */
  respond(answer: Answer): void;
}

/** What the fake server does with a call. */
export type Answer =
  | { reply: Uint8Array } // an accepted, successful reply with this result
  | { raw: Uint8Array } // these bytes as the whole record (not an RPC reply)
  | { bytes: Uint8Array } // these bytes on the wire, no record marking
  | 'silence'
  | 'close-mid-reply'
  | 'close';

/**
 * A tiny ONC RPC server over TCP for tests of the client's transport: it decodes each call and
 * answers as the test's handler says (a reply, garbage, silence, a cut), recording every call.
 */
export class FakeRpcServer {
  readonly calls: ReceivedCall[] = [];
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #arrivals = new Map<number, number>();
  #handler: (call: ReceivedCall) => Answer;

  private constructor(server: Server, handler: (call: ReceivedCall) => Answer) {
    this.#server = server;
    this.#handler = handler;
  }

  static async start(handler: (call: ReceivedCall) => Answer): Promise<FakeRpcServer> {
    const server = createServer();
    const fake = new FakeRpcServer(server, handler);
    server.on('connection', (socket) => fake.#serve(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.#server.address() as { port: number }).port;
  }

  /** Connections accepted so far, by the client's source port, in order. */
  readonly connections: number[] = [];

  answerWith(handler: (call: ReceivedCall) => Answer): void {
    this.#handler = handler;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #serve(socket: Socket): void {
    this.#sockets.add(socket);
    this.connections.push(socket.remotePort ?? 0);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => {});
    const decoder = new RecordDecoder(1 << 20);
    socket.on('data', (chunk: Buffer) => {
      for (const record of decoder.push(chunk)) this.#respond(socket, record);
    });
  }

  #respond(socket: Socket, record: Buffer): void {
    const call = parseCall(record, socket.remotePort ?? 0, this.#arrivals, (answer) =>
      send(socket, call.xid, answer),
    );
    this.calls.push(call);
    send(socket, call.xid, this.#handler(call));
  }
}

function send(socket: Socket, xid: number, answer: Answer): void {
  if (answer === 'silence') return;
  if (answer === 'close') {
    socket.destroy();
    return;
  }
  if (answer === 'close-mid-reply') {
    const framed = frameRecord(acceptedReply(xid, new XdrWriter().uint32(0).bytes()));
    socket.write(framed.subarray(0, framed.length - 2), () => socket.destroy());
    return;
  }
  if ('bytes' in answer) socket.write(answer.bytes);
  else if ('raw' in answer) socket.write(frameRecord(answer.raw));
  else socket.write(frameRecord(acceptedReply(xid, answer.reply)));
}

function parseCall(
  record: Buffer,
  remotePort: number,
  arrivals: Map<number, number>,
  respond: (answer: Answer) => void,
): ReceivedCall {
  const reader = new XdrReader(record);
  const xid = reader.uint32();
  reader.uint32(); // CALL
  reader.uint32(); // RPC version 2
  const program = reader.uint32();
  const version = reader.uint32();
  const procedure = reader.uint32();
  reader.uint32(); // credential flavor
  reader.opaque();
  reader.uint32(); // verifier flavor
  reader.opaque();
  const arrival = (arrivals.get(xid) ?? 0) + 1;
  arrivals.set(xid, arrival);
  return { xid, program, version, procedure, remotePort, args: reader, arrival, respond };
}

/** An accepted, successful reply (null verifier) carrying `result`. */
export function acceptedReply(xid: number, result: Uint8Array): Buffer {
  const writer = new XdrWriter();
  writer.uint32(xid).uint32(1).uint32(0).uint32(0).opaque(new Uint8Array(0)).uint32(0);
  writer.fixedOpaque(result);
  return Buffer.from(writer.bytes());
}
