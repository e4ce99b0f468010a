import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { trackChild } from './cleanup.js';
import type { Peer, PeerProbe } from './peer.js';
import type { Probe } from './peer-probes.js';
import type { TargetSpec } from './target-spec.js';

const PEER_MAIN = fileURLToPath(new URL('./peer-main.js', import.meta.url));

/** How long a peer may take to open its adapter (an NFS connection) before the check gives up. */
const START_TIMEOUT_MS = 30_000;

interface Waiting {
  ready: (value: boolean) => void;
  seen: (value: bigint | null) => void;
  fail: (error: Error) => void;
}

interface Answer {
  id?: number;
  started?: boolean;
  failed?: string;
  ready?: boolean;
  seen?: string | null;
  unsupported?: boolean;
  error?: string;
}

/**
 * Starts another process (`peer-main.js`, a child of this one) on `spec`'s directory, resolved
 * once it has opened its adapter there.
 */
export async function startChildPeer(spec: TargetSpec, who: string): Promise<Peer> {
  const child = spawn(process.execPath, [PEER_MAIN, JSON.stringify(spec)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  trackChild(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const waiting = new Map<number, Waiting>();
  let started: (answer: Answer) => void = () => undefined;
  const start = new Promise<Answer>((resolve) => {
    started = resolve;
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const answer = JSON.parse(line) as Answer;
    if (answer.id === undefined) {
      started(answer);
      return;
    }
    const handlers = waiting.get(answer.id);
    if (answer.ready === true) handlers?.ready(true);
    else if (answer.unsupported === true) handlers?.ready(false);
    else if (answer.error !== undefined) handlers?.fail(new Error(answer.error));
    else if ('seen' in answer) handlers?.seen(answer.seen == null ? null : BigInt(answer.seen));
  });
  const ended = new Promise<Answer>((resolve) => {
    child.once('exit', (code) => {
      const failure = new Error(`the other process ended (code ${code}): ${stderr.trim()}`);
      for (const handlers of waiting.values()) handlers.fail(failure);
      resolve({ failed: failure.message });
    });
  });
  const answer = await Promise.race([start, ended, timeout(START_TIMEOUT_MS)]);
  if (answer.started !== true) {
    child.kill('SIGKILL');
    throw new Error(`could not start another process on ${spec.directory}: ${answer.failed}`);
  }
  let next = 0;
  return {
    who,
    async probe(probe: Probe, timeoutMs: number): Promise<PeerProbe | undefined> {
      next += 1;
      const id = next;
      const ready = deferred<boolean>();
      const seen = deferred<bigint | null>();
      seen.promise.catch(() => undefined); // a probe given up on is not an unhandled rejection
      waiting.set(id, {
        ready: ready.resolve,
        seen: seen.resolve,
        fail: (error) => {
          ready.reject(error);
          seen.reject(error);
        },
      });
      child.stdin.write(`${JSON.stringify({ id, probe, timeoutMs })}\n`);
      if (!(await ready.promise)) return undefined;
      return { ready: Promise.resolve(), seen: seen.promise };
    },
    async close() {
      child.stdin.end();
      await Promise.race([ended, timeout(5_000)]);
      child.kill('SIGKILL');
    },
  };
}

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((onValue, onError) => {
    resolve = onValue;
    reject = onError;
  });
  return { promise, resolve, reject };
}

function timeout(ms: number): Promise<Answer> {
  return new Promise((resolve) =>
    setTimeout(() => resolve({ failed: `no answer within ${ms} ms` }), ms).unref(),
  );
}
