// Pauses, latency, delayed unlink, replay by seed, and confinement to a root directory.

import * as realFs from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFaultyNodeFs } from '@linklock/faulty/node';
import { describe, expect, it } from 'vitest';
import { failure, faultyVolume, virtualClock } from './support.js';

describe('pause', () => {
  it('holds an asynchronous call before its effect until released', async () => {
    const { fs, volume, faulty } = faultyVolume();
    const gate = faulty.pause({ op: 'rename', path: '/d/a' });

    const renaming = fs.promises.rename('/d/a', '/d/b');
    expect((await gate.reached).paths).toEqual(['/d/a', '/d/b']);
    expect(volume.existsSync('/d/a')).toBe(true);
    gate.release();
    await renaming;

    expect(volume.existsSync('/d/b')).toBe(true);
  });

  it('does not hold a synchronous call, which cannot wait', () => {
    const { fs, volume, faulty } = faultyVolume();
    faulty.pause({ op: 'rename', path: '/d/a' });

    fs.renameSync('/d/a', '/d/b');

    expect(volume.existsSync('/d/b')).toBe(true);
  });
});

describe('latency', () => {
  it('is spent on the clock by asynchronous calls, and not by synchronous ones', async () => {
    const clock = virtualClock();
    const { fs, faulty } = faultyVolume({
      clock,
      latency: { writeFile: { minMs: 200, meanMs: 0 } },
    });

    await fs.promises.writeFile('/d/p', 'x');
    await new Promise((resolve) => fs.writeFile('/d/c', 'x', resolve));
    fs.writeFileSync('/d/s', 'x');

    expect(clock.now()).toBe(400);
    expect(faulty.history().map((entry) => entry.latencyMs)).toEqual([200, 200, undefined]);
  });
});

describe('delayed unlink (visible)', () => {
  it('keeps a removed name visible through the facade for ms, in every form', async () => {
    const clock = virtualClock();
    const { fs, volume } = faultyVolume({ clock, delayUnlink: { ms: 1_000 } });

    await fs.promises.unlink('/d/a');

    expect(volume.existsSync('/d/a')).toBe(false); // gone underneath
    expect(fs.existsSync('/d/a')).toBe(true);
    expect(fs.statSync('/d/a').size).toBe(3);
    expect(await fs.promises.readFile('/d/a', 'utf8')).toBe('abc');
    expect(fs.readdirSync('/d')).toEqual(['a']);
    expect((await failure(() => fs.promises.writeFile('/d/a', 'new', { flag: 'wx' }))).code).toBe(
      'EEXIST',
    );
    expect((await failure(() => fs.linkSync('/d/none', '/d/a'))).code).toBe('EEXIST');

    await clock.sleep(1_000);
    expect(fs.existsSync('/d/a')).toBe(false);
    fs.writeFileSync('/d/a', 'new', { flag: 'wx' });
  });

  it('applies to rmdir, and to matching paths only', async () => {
    const clock = virtualClock();
    const { fs, volume } = faultyVolume({ clock, delayUnlink: { ms: 1_000, path: /\.lock$/ } });
    volume.mkdirSync('/d/x.lock');
    volume.writeFileSync('/d/b', 'b');

    fs.rmdirSync('/d/x.lock');
    fs.unlinkSync('/d/b');

    expect(fs.readdirSync('/d')).toEqual(['a', 'x.lock']);
    expect((await failure(() => fs.mkdirSync('/d/x.lock'))).code).toBe('EEXIST');
  });
});

describe('seed', () => {
  it('one seed replays the same faults; another draws others', async () => {
    async function run(seed: number) {
      const { fs, faulty } = faultyVolume({
        seed,
        rules: [{ op: 'stat', errno: 'EIO', probability: 0.5 }],
      });
      for (let i = 0; i < 20; i += 1) await fs.promises.stat('/d/a').catch(() => {});
      return faulty
        .history()
        .map((entry) => entry.outcome)
        .join(' ');
    }

    expect(await run(7)).toBe(await run(7));
    expect(await run(7)).not.toBe(await run(8));
  });

  it('describe() names the seed and every call', async () => {
    const { fs, faulty } = faultyVolume({
      seed: 42,
      rules: [{ op: 'unlink', errno: 'EIO', phase: 'after' }],
    });
    await fs.promises.unlink('/d/a').catch(() => {});

    expect(faulty.describe()).toBe(
      'faulty node:fs seed 42 (replay with { seed: 42 }), 1 calls:\n#1 unlink /d/a: EIO [rule #1, took effect]',
    );
  });
});

describe('over the real node:fs, confined to a root', () => {
  it('works on files inside the root and refuses paths outside it with EACCES', async () => {
    const root = mkdtempSync(join(tmpdir(), 'faulty-root-'));
    const outside = mkdtempSync(join(tmpdir(), 'faulty-outside-'));
    try {
      writeFileSync(join(outside, 'precious'), 'keep');
      const { fs } = createFaultyNodeFs({ inner: realFs, root });

      fs.writeFileSync(join(root, 'a'), 'inside');
      const refused = await failure(() => fs.promises.unlink(join(outside, 'precious')));
      const escaping = await failure(() => fs.renameSync(join(root, 'a'), join(root, '../x')));

      expect(realFs.readFileSync(join(root, 'a'), 'utf8')).toBe('inside');
      expect(refused).toMatchObject({ code: 'EACCES', syscall: 'unlink' });
      expect(escaping).toMatchObject({ code: 'EACCES', syscall: 'rename' });
      expect(realFs.readFileSync(join(outside, 'precious'), 'utf8')).toBe('keep');
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
