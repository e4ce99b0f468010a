// Another process of `linklock check`: `node peer-main.js '<TargetSpec as JSON>'`.
//
// Opens the adapter a lock in the spec's directory would use, says `{"started":true}`, then
// runs the probes the check sends on stdin, one JSON object a line (`{ id, probe, timeoutMs }`),
// answering on stdout: `{ id, ready: true }` once the probe has looked, `{ id, seen }` with the
// monotonic time (ns, as a string) it saw the change at or null, `{ id, unsupported: true }`
// for a watch on an adapter without one, `{ id, error }`. It ends when stdin closes.
import { createInterface } from 'node:readline';
import { type Probe, startProbe } from './peer-probes.js';
import { openSpec, type TargetSpec } from './target-spec.js';

interface Request {
  id: number;
  probe: Probe;
  timeoutMs: number;
}

const say = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as TargetSpec;
  const opened = await openSpec(spec);
  say({ started: true });
  const pending: Promise<void>[] = [];
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === '') continue;
    pending.push(answer(opened.fs, opened.directory, JSON.parse(line) as Request));
  }
  await Promise.allSettled(pending);
  await opened.close();
}

async function answer(
  fs: Parameters<typeof startProbe>[0],
  directory: string,
  { id, probe, timeoutMs }: Request,
): Promise<void> {
  try {
    const running = startProbe(fs, directory, probe, timeoutMs);
    if (running === undefined) {
      say({ id, unsupported: true });
      return;
    }
    await running.ready;
    say({ id, ready: true });
    const seen = await running.seen;
    say({ id, seen: seen === null ? null : String(seen) });
  } catch (error) {
    say({ id, error: (error as Error)?.message ?? String(error) });
  }
}

main().catch((error: unknown) => {
  say({ failed: (error as Error)?.message ?? String(error) });
  process.exitCode = 1;
});
