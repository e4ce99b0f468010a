// The examples of docs/faulty.md and of the READMEs, compiled and run. Keep the two in step: a
// change here is a change to the guide.
import { VirtualClock } from '@linklock/conformance';
import type { FsAdapter, Random } from '@linklock/core';
import { hasCode } from '@linklock/core';
import { FaultyFs, nodeLikeError, SeededRandom } from '@linklock/faulty';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';
import { describe, expect, it, onTestFailed } from 'vitest';

// ---------------------------------------------------------------------------------------------
// Application code under test: it receives an FsAdapter and knows nothing of FaultyFs.

/** Saves a report; `false` when the disk is full, so the caller can say so. */
async function saveReport(fs: FsAdapter, path: string, text: string): Promise<boolean> {
  try {
    await fs.writeFile(path, text);
    return true;
  } catch (error) {
    if (hasCode(error, 'ENOSPC')) return false;
    throw error;
  }
}

/** Replaces `path` all at once: write a temporary file, then rename it over `path`. */
async function writeAtomically(
  fs: FsAdapter,
  random: Random,
  path: string,
  data: string,
): Promise<void> {
  const temp = `${path}.tmp.${random.nonce()}`;
  await fs.writeFile(temp, data, { exclusive: true });
  try {
    await fs.rename(temp, path);
  } catch (error) {
    try {
      await fs.unlink(temp); // the rename did not happen: clean up, report its error
    } catch (cleanup) {
      if (hasCode(cleanup, 'ENOENT')) return; // the temp name is gone: the rename happened
      throw cleanup;
    }
    throw error;
  }
}

/** Look, then write: two callers can both see no file and both write (a lost update). */
async function saveIfAbsentNaive(fs: FsAdapter, path: string, data: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return false;
  } catch (error) {
    if (!hasCode(error, 'ENOENT')) throw error;
  }
  await fs.writeFile(path, data);
  return true;
}

/** Create exclusively: exactly one caller wins. */
async function saveIfAbsent(fs: FsAdapter, path: string, data: string): Promise<boolean> {
  try {
    await fs.writeFile(path, data, { exclusive: true });
    return true;
  } catch (error) {
    if (hasCode(error, 'EEXIST')) return false;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Test support.

function freshVolume(...directories: string[]): Volume {
  const volume = new Volume();
  for (const directory of directories) volume.mkdirSync(directory, { recursive: true });
  return volume;
}

async function outcomeOf(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => 'ok',
    (error: unknown) => String((error as { code?: unknown }).code),
  );
}

// ---------------------------------------------------------------------------------------------

describe('README example', () => {
  it('a full disk is reported, not thrown', async () => {
    const volume = new Volume();
    volume.mkdirSync('/reports');
    const fs = new FaultyFs(new MemfsAdapter(volume), {
      rules: [{ op: 'writeFile', errno: 'ENOSPC' }],
    });

    expect(await saveReport(fs, '/reports/today.txt', 'all good')).toBe(false);
    expect(volume.existsSync('/reports/today.txt')).toBe(false);
  });
});

describe('Why: a call that took effect and still failed', () => {
  it('link makes the name, the caller gets EEXIST', async () => {
    const volume = freshVolume('/d');
    const fs = new FaultyFs(new MemfsAdapter(volume), {
      rules: [{ op: 'link', path: '/d/lock', errno: 'EEXIST', phase: 'after' }],
    });
    await fs.writeFile('/d/claim', 'mine');

    await expect(fs.link('/d/claim', '/d/lock')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(volume.readFileSync('/d/lock', 'utf8')).toBe('mine'); // the link was made
  });
});

describe('A first test', () => {
  it('reports a full disk instead of throwing', async () => {
    const volume = new Volume();
    volume.mkdirSync('/reports');
    const fs = new FaultyFs(new MemfsAdapter(volume), {
      rules: [{ op: 'writeFile', errno: 'ENOSPC' }],
    });
    fs.printOnFailure(onTestFailed);

    expect(await saveReport(fs, '/reports/today.txt', 'all good')).toBe(false);
    expect(volume.existsSync('/reports/today.txt')).toBe(false); // 'before': nothing was written
  });

  it('passes other errors on', async () => {
    const fs = new FaultyFs(new MemfsAdapter(freshVolume('/reports')), {
      rules: [{ op: 'writeFile', errno: 'EACCES' }],
    });
    await expect(saveReport(fs, '/reports/today.txt', 'all good')).rejects.toMatchObject({
      code: 'EACCES',
      path: '/reports/today.txt',
    });
  });
});

describe('Rules', () => {
  it('phase after: the rename happened, its reply was lost', async () => {
    const volume = freshVolume('/d');
    const fs = new FaultyFs(new MemfsAdapter(volume), {
      rules: [{ op: 'rename', path: /\.tmp\./, errno: 'EIO', phase: 'after' }],
    });

    await writeAtomically(fs, new SeededRandom(7), '/d/settings.json', '{"v":2}');

    expect(volume.readFileSync('/d/settings.json', 'utf8')).toBe('{"v":2}');
    expect(volume.readdirSync('/d')).toEqual(['settings.json']);
    expect(fs.history().map((e) => `${e.op} ${e.outcome}`)).toEqual([
      'writeFile ok',
      'rename EIO', // took effect
      'unlink ENOENT',
    ]);
  });

  it('phase before: the rename did not happen, the error reaches the caller', async () => {
    const volume = freshVolume('/d');
    const fs = new FaultyFs(new MemfsAdapter(volume), {
      rules: [{ op: 'rename', path: /\.tmp\./, errno: 'EIO' }],
    });

    await expect(
      writeAtomically(fs, new SeededRandom(7), '/d/settings.json', '{"v":2}'),
    ).rejects.toMatchObject({ code: 'EIO' });
    expect(volume.readdirSync('/d')).toEqual([]); // no temporary file left
  });

  it('translate: EEXIST from link reported as EPERM, as sshfs does', async () => {
    const fs = new FaultyFs(new MemfsAdapter(freshVolume('/d')), {
      rules: [{ op: 'link', translate: { from: 'EEXIST', to: 'EPERM' } }],
    });
    await fs.writeFile('/d/a', 'a');
    await fs.writeFile('/d/b', 'b');

    await expect(fs.link('/d/a', '/d/b')).rejects.toMatchObject({ code: 'EPERM', path: '/d/b' });
    await expect(fs.link('/d/a', '/d/none/c')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('nth, times: which calls fail', async () => {
    async function reads(rule: { nth?: number; times?: number }): Promise<string[]> {
      const fs = new FaultyFs(new MemfsAdapter(freshVolume('/d')), {
        rules: [{ op: 'read', errno: 'EIO', ...rule }],
      });
      await fs.writeFile('/d/a', 'a');
      const seen: string[] = [];
      for (let i = 0; i < 5; i += 1) seen.push(await outcomeOf(fs.read('/d/a', { maxBytes: 9 })));
      return seen;
    }
    expect(await reads({})).toEqual(['EIO', 'EIO', 'EIO', 'EIO', 'EIO']);
    expect(await reads({ nth: 2 })).toEqual(['ok', 'EIO', 'ok', 'ok', 'ok']);
    expect(await reads({ times: 2 })).toEqual(['EIO', 'EIO', 'ok', 'ok', 'ok']);
    expect(await reads({ nth: 3, times: 2 })).toEqual(['ok', 'ok', 'EIO', 'EIO', 'ok']);
  });

  it('when: a quota that runs out after a minute', async () => {
    const clock = new VirtualClock(0);
    const fs = new FaultyFs(new MemfsAdapter(freshVolume('/reports')), {
      clock,
      rules: [
        {
          name: 'quota',
          op: 'writeFile',
          errno: 'EDQUOT',
          when: (call) => (call.now ?? 0) >= 60_000,
        },
      ],
    });

    await fs.writeFile('/reports/a', 'a');
    await clock.sleep(60_000);
    await expect(fs.writeFile('/reports/b', 'b')).rejects.toMatchObject({ code: 'EDQUOT' });
  });

  it('probability, and order: the first rule that fires decides', async () => {
    const fs = new FaultyFs(new MemfsAdapter(freshVolume('/d')), {
      seed: 42,
      rules: [
        { name: 'first link', op: 'link', errno: 'ETIMEDOUT', nth: 1 },
        { name: 'flaky', op: '*', errno: 'EIO', probability: 0.1 },
      ],
    });
    await fs.writeFile('/d/a', 'a').catch(() => {});
    await fs.link('/d/a', '/d/b').catch(() => {});

    expect(fs.history()[1]).toMatchObject({
      op: 'link',
      outcome: 'ETIMEDOUT',
      fault: 'first link',
    });
  });

  it('rules are checked when given', () => {
    const inner = new MemfsAdapter();
    expect(() => new FaultyFs(inner, { rules: [{ op: 'link' }] })).toThrow(
      'FaultyFs rule #1: give exactly one of `errno` or `translate`',
    );
    expect(() => new FaultyFs(inner, { latency: { default: { minMs: 1, meanMs: 1 } } })).toThrow(
      TypeError,
    );
  });

  it('addRule: a fault from now on', async () => {
    const fs = new FaultyFs(new MemfsAdapter(freshVolume('/d')));
    await fs.writeFile('/d/a', 'a');
    fs.addRule({ op: 'unlink', errno: 'EBUSY' });
    await expect(fs.unlink('/d/a')).rejects.toMatchObject({ code: 'EBUSY' });
  });
});

describe('Latency and virtual clocks', () => {
  it('200 virtual milliseconds, no real wait', async () => {
    const clock = new VirtualClock(0);
    const volume = freshVolume('/reports');
    const fs = new FaultyFs(new MemfsAdapter(volume, { clock }), {
      clock,
      latency: {
        default: { minMs: 1, meanMs: 4 },
        writeFile: { minMs: 200, meanMs: 0 },
      },
    });

    const startedAt = clock.now();
    expect(await saveReport(fs, '/reports/today.txt', 'all good')).toBe(true);
    expect(clock.now() - startedAt).toBe(200);
    expect(fs.history()[0]).toMatchObject({ latencyMs: 200, startedAt: 0, endedAt: 200 });
  });

  it('latencies are drawn from the seed', async () => {
    async function latencies(seed: number): Promise<number[]> {
      const clock = new VirtualClock(0);
      const fs = new FaultyFs(new MemfsAdapter(freshVolume('/d')), {
        seed,
        clock,
        latency: { default: { minMs: 1, meanMs: 4 } },
      });
      for (let i = 0; i < 5; i += 1) await fs.stat('/d');
      return fs.history().map((entry) => entry.latencyMs ?? -1);
    }
    const first = await latencies(3);
    expect(await latencies(3)).toEqual(first);
    expect(first.every((ms) => ms >= 1)).toBe(true);
  });
});

describe('Delayed unlink', () => {
  it('visible: the name stays for a while', async () => {
    const clock = new VirtualClock(0);
    const volume = freshVolume('/run');
    const fs = new FaultyFs(new MemfsAdapter(volume), {
      clock,
      delayUnlink: { ms: 3_000 },
    });
    await fs.writeFile('/run/app.pid', '4242');

    await fs.unlink('/run/app.pid');
    expect(volume.existsSync('/run/app.pid')).toBe(false); // gone on the "server"
    expect((await fs.read('/run/app.pid', { maxBytes: 64 })).data).toBe('4242'); // still seen here
    expect(await fs.readdir('/run')).toEqual(['app.pid']);
    await expect(fs.writeFile('/run/app.pid', '4243', { exclusive: true })).rejects.toMatchObject({
      code: 'EEXIST',
    });

    await clock.sleep(3_000);
    await fs.writeFile('/run/app.pid', '4243', { exclusive: true });
    expect(fs.history()[4]).toMatchObject({ outcome: 'EEXIST', fault: 'delayed unlink' });
  });

  it('late-return: the name is gone at once, the call returns late', async () => {
    const clock = new VirtualClock(0);
    const fs = new FaultyFs(new MemfsAdapter(freshVolume('/spool')), {
      clock,
      delayUnlink: { ms: 500, mode: 'late-return', path: /\.job$/ },
    });
    await fs.writeFile('/spool/1.job', 'work');

    const unlinking = fs.unlink('/spool/1.job');
    await clock.sleep(1);
    await expect(fs.stat('/spool/1.job')).rejects.toMatchObject({ code: 'ENOENT' });
    await unlinking;
    expect(clock.now()).toBe(500);
  });
});

describe('Pause hooks', () => {
  /** A looks, B saves, then A saves: the order a race may take once in a thousand runs. */
  async function race(save: typeof saveIfAbsent) {
    const volume = new Volume();
    volume.mkdirSync('/d');
    const fs = new FaultyFs(new MemfsAdapter(volume));
    const aWrites = fs.pause({ op: 'writeFile', path: '/d/settings.json' });

    const a = save(fs, '/d/settings.json', 'A');
    await aWrites.reached; // A looked and is about to write
    const b = await save(fs, '/d/settings.json', 'B'); // B runs to the end meanwhile
    aWrites.release();

    return { a: await a, b, content: volume.readFileSync('/d/settings.json', 'utf8') };
  }

  it('look-then-write loses an update', async () => {
    expect(await race(saveIfAbsentNaive)).toEqual({ a: true, b: true, content: 'A' });
  });

  it('exclusive create has exactly one winner', async () => {
    expect(await race(saveIfAbsent)).toEqual({ a: false, b: true, content: 'B' });
  });

  it('reached tells which call arrived', async () => {
    const fs = new FaultyFs(new MemfsAdapter(freshVolume('/d')));
    const second = fs.pause({ op: 'stat', nth: 2, phase: 'after' });
    await fs.stat('/d');
    const statting = fs.stat('/d');
    expect(await second.reached).toMatchObject({ op: 'stat', path: '/d', call: 2 });
    second.release();
    await statting;
  });
});

describe('History, describe, replay', () => {
  it('describe() shows the seed and every call', async () => {
    const fs = new FaultyFs(new MemfsAdapter(freshVolume('/d')), {
      seed: 7,
      rules: [{ name: 'lost reply', op: 'link', errno: 'EEXIST', phase: 'after' }],
    });
    await fs.writeFile('/d/claim', 'x', { exclusive: true });
    await fs.link('/d/claim', '/d/lock').catch(() => {});
    await fs.read('/d/lock', { maxBytes: 100 });

    expect(fs.describe()).toBe(
      [
        'FaultyFs seed 7 (replay with { seed: 7 }), 3 calls:',
        '#1 writeFile /d/claim: ok',
        '#2 link /d/claim -> /d/lock: EEXIST [lost reply, took effect]',
        '#3 read /d/lock: ok',
      ].join('\n'),
    );
    expect(fs.history()[1]).toMatchObject({
      call: 2,
      op: 'link',
      paths: ['/d/claim', '/d/lock'],
      outcome: 'EEXIST',
      injected: true,
      fault: 'lost reply',
      tookEffect: true,
    });
    expect(fs.history()[0]?.details).toEqual({ bytes: 1, exclusive: true });
  });

  it('printOnFailure prints describe() through the hook it is given', () => {
    const fs = new FaultyFs(new MemfsAdapter(), { seed: 5 });
    const printed: string[] = [];
    fs.printOnFailure(
      (callback) => callback(),
      (text) => printed.push(text),
    );
    expect(printed).toEqual([fs.describe()]);
  });

  it('the same seed replays the same faults', async () => {
    async function run(seed: number): Promise<string> {
      const fs = new FaultyFs(new MemfsAdapter(freshVolume('/reports')), {
        seed,
        rules: [{ op: 'writeFile', errno: 'EIO', probability: 0.3 }],
      });
      for (let i = 0; i < 20; i += 1) await saveReport(fs, `/reports/${i}`, 'x').catch(() => {});
      return fs.describe();
    }
    expect(await run(42)).toBe(await run(42));
    expect(await run(42)).not.toBe(await run(43));
  });

  it('a seed from the environment, printed on failure', async () => {
    const seed = Number(process.env.FAULTY_SEED ?? Math.floor(Math.random() * 2 ** 32));
    const fs = new FaultyFs(new MemfsAdapter(freshVolume('/reports')), {
      seed,
      rules: [{ op: 'writeFile', errno: 'EIO', probability: 0.2 }],
    });
    fs.printOnFailure(onTestFailed);

    for (let i = 0; i < 10; i += 1) {
      await saveReport(fs, `/reports/${i}`, 'x').catch((error: unknown) => {
        if (!hasCode(error, 'EIO')) throw error;
      });
    }
    expect(fs.seed).toBe(seed >>> 0);
  });
});

describe('SeededRandom', () => {
  it('one seed, one sequence', () => {
    const a = new SeededRandom(1234);
    const b = new SeededRandom(1234);
    expect([a.next(), a.int(6), a.chance(0.5), a.nonce()]).toEqual([
      b.next(),
      b.int(6),
      b.chance(0.5),
      b.nonce(),
    ]);
    expect(new SeededRandom('checkout-flow').seed).toBe(new SeededRandom('checkout-flow').seed);
    expect(a.nonce()).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it("a fork of the FaultyFs's generator drives the code under test", async () => {
    async function run(): Promise<string[]> {
      const volume = freshVolume('/d');
      const fs = new FaultyFs(new MemfsAdapter(volume), { seed: 99 });
      const random: Random = fs.random.fork();
      await writeAtomically(fs, random, '/d/settings.json', '{}');
      return fs.history().flatMap((entry) => entry.paths);
    }
    const paths = await run();
    expect(await run()).toEqual(paths); // even the temporary names replay
    expect(paths[0]).toMatch(/^\/d\/settings\.json\.tmp\.[A-Za-z0-9_-]{16}$/);
  });
});

describe('Errors look like Node’s', () => {
  it('code, errno, syscall, path and message', async () => {
    const fs = new FaultyFs(new MemfsAdapter(freshVolume('/reports')), {
      rules: [{ op: 'writeFile', errno: 'ENOSPC' }],
    });
    const error = await fs.writeFile('/reports/today.txt', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      code: 'ENOSPC',
      errno: -28,
      syscall: 'open',
      path: '/reports/today.txt',
      message:
        "ENOSPC: no space left on device, open '/reports/today.txt' (injected by FaultyFs seed 1, rule #1)",
    });
  });

  it('nodeLikeError for your own fakes', () => {
    expect(nodeLikeError('ESTALE', 'open', '/mnt/a')).toMatchObject({
      code: 'ESTALE',
      errno: -116,
      message: "ESTALE: stale file handle, open '/mnt/a'",
    });
  });

  it('with no options, FaultyFs is transparent but records', async () => {
    const inner = new MemfsAdapter(freshVolume('/d'));
    const fs = new FaultyFs(inner, { capabilities: { reliableNlink: false } });
    await fs.writeFile('/d/a', 'a');
    expect((await fs.read('/d/a', { maxBytes: 9 })).data).toBe('a');
    expect(fs.capabilities).toEqual({ ...inner.capabilities, reliableNlink: false });
    expect(typeof fs.watch).toBe('function');
    expect(fs.history()).toHaveLength(2);
  });
});
