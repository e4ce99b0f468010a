import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  finished,
  runCli,
  type Started,
  startCli,
  useLockDirectory,
  waitForOutput,
} from './run-cli.js';

// `linklock run --shared`: a reader of a shared lock; a run without it on that lock is its
// writer; `status` shows both.
const scene = useLockDirectory('linklock-cli-shared-');

/** A `run --shared` whose command prints `name` and stays until the file `name.go` appears. */
async function reader(name: string): Promise<Started> {
  const go = join(scene.dir, `${name}.go`);
  const child = scene.track(
    startCli([
      'run',
      '--shared',
      scene.lockfile,
      '--',
      'sh',
      '-c',
      `echo ${name}; while [ ! -e ${go} ]; do sleep 0.02; done`,
    ]),
  );
  await waitForOutput(child, name);
  return child;
}

const letGo = (name: string) => writeFileSync(join(scene.dir, `${name}.go`), '');

describe('linklock run --shared', () => {
  it('runs while another reader runs, and leaves only the slot count', async () => {
    const first = await reader('first');
    const second = await runCli([
      'run',
      '--shared',
      scene.lockfile,
      '--nonblock',
      '--',
      'echo',
      'second',
    ]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('second\n');
    letGo('first');
    expect((await finished(first, 20_000)).code).toBe(0);
    expect(readdirSync(scene.dir).filter((name) => !name.endsWith('.go'))).toEqual([
      'job.lock.slots',
    ]);
  });

  it('a run without --shared is the writer: it waits for the readers, then runs alone', async () => {
    const first = await reader('first');
    const refused = await runCli(['run', scene.lockfile, '--nonblock', '--', 'echo', 'writer']);
    expect(refused.code).toBe(75);
    const marker = join(scene.dir, 'wrote');
    const writer = scene.track(startCli(['run', scene.lockfile, '--', 'touch', marker]));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(existsSync(marker)).toBe(false);
    // Once a writer waits, a new reader waits behind it.
    const late = await runCli(['run', '--shared', scene.lockfile, '--nonblock', '--', 'true']);
    expect(late.code).toBe(75);
    letGo('first');
    expect((await finished(writer, 20_000)).code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect((await finished(first, 20_000)).code).toBe(0);
  });

  it('a reader waits while a writer runs', async () => {
    await (await runCli(['run', '--shared', scene.lockfile, '--', 'true'])).code; // a shared lock
    const writer = scene.track(
      startCli([
        'run',
        scene.lockfile,
        '--',
        'sh',
        '-c',
        `echo writing; while [ ! -e ${join(scene.dir, 'w.go')} ]; do sleep 0.02; done`,
      ]),
    );
    await waitForOutput(writer, 'writing');
    const refused = await runCli([
      'run',
      '--shared',
      scene.lockfile,
      '--timeout',
      '200',
      '--',
      'true',
    ]);
    expect(refused.code).toBe(75);
    expect(refused.stderr).toContain(`pid ${writer.pid} on `);
    letGo('w');
    expect((await finished(writer, 20_000)).code).toBe(0);
  });
});

describe('linklock status of a shared lock', () => {
  it('shows the readers, and the writer waiting for them, in text and in --json', async () => {
    const first = await reader('first');
    const second = await reader('second');
    const writer = scene.track(startCli(['run', scene.lockfile, '--', 'true']));
    let document: {
      state: string;
      holder: { pid: number } | null;
      shared: {
        writer: { pid: number } | null;
        waitingWriter: boolean;
        readers: { pid: number }[];
      };
    };
    // The writer takes the lock file, then waits for the readers' slots.
    for (;;) {
      document = JSON.parse((await runCli(['status', scene.lockfile, '--json'])).stdout);
      if (document.shared.writer !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(document.state).toBe('held');
    expect(document.holder?.pid).toBe(writer.pid);
    expect(document.shared.writer?.pid).toBe(writer.pid);
    expect(document.shared.waitingWriter).toBe(true);
    expect(document.shared.readers.map((r) => r.pid).sort()).toEqual(
      [first.pid, second.pid].sort(),
    );
    const text = (await runCli(['status', scene.lockfile])).stdout;
    expect(text).toContain(`shared    writer pid ${writer.pid} on `);
    expect(text).toContain('waiting for 2 readers to leave');
    expect(text).toContain('readers   2');
    expect(text).toContain(`reader    pid ${first.pid} on `);
    expect(text).toContain(`reader    pid ${second.pid} on `);
    letGo('first');
    letGo('second');
    expect((await finished(writer, 20_000)).code).toBe(0);
  });

  it('readers only: held, no writer; an exclusive lock has shared null', async () => {
    const first = await reader('first');
    const document = JSON.parse((await runCli(['status', scene.lockfile, '--json'])).stdout);
    expect(document).toMatchObject({
      state: 'held',
      holder: null,
      shared: { writer: null, waitingWriter: false, readers: [{ pid: first.pid }] },
    });
    letGo('first');
    await finished(first, 20_000);
    const other = join(scene.dir, 'other.lock');
    const plain = JSON.parse((await runCli(['status', other, '--json'])).stdout);
    expect(plain).toMatchObject({ state: 'unlocked', shared: null });
  });
});
