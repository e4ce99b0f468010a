import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

// `linklock check` on the filesystems of scripts/realfs/setup.sh, each with the verdict that
// is true of it: safe with caveats on both (caches that make waiters learn of a release late,
// link counts and inode numbers the lock does not use), never unsafe: the lock works there.

const ROOT = process.env.LINKLOCK_REALFS ?? '/tmp/linklock-realfs';
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

interface Finding {
  section: string;
  name: string;
  verdict: 'ok' | 'caveat' | 'unsafe';
  why: string;
  measured: Record<string, number | string | boolean | null>;
}

interface Report {
  verdict: string;
  checks: Finding[];
}

function requireMounts(): void {
  const table = readFileSync('/proc/self/mountinfo', 'utf8');
  for (const view of ['view1', 'view2', 'ssh']) {
    if (!table.includes(` ${join(ROOT, view)} `)) {
      throw new Error(`${join(ROOT, view)} is not mounted: run scripts/realfs/setup.sh first`);
    }
  }
}

let directory: string | undefined;
afterEach(() => {
  if (directory !== undefined) rmSync(join(ROOT, 'backing', directory), { recursive: true });
  directory = undefined;
});

/** A fresh directory of the backing store, by its name there. */
function freshDirectory(): string {
  requireMounts();
  directory = `check-${process.pid}-${Date.now()}`;
  mkdirSync(join(ROOT, 'backing', directory));
  return directory;
}

async function check(args: string[]): Promise<{ code: number; report: Report }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [BIN, 'check', ...args, '--json'],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return { code: 0, report: JSON.parse(stdout) as Report };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    if (failed.code !== 1) throw new Error(`linklock check failed: ${failed.stderr}`);
    return { code: 1, report: JSON.parse(failed.stdout) as Report };
  }
}

function finding(report: Report, name: string): Finding {
  const found = report.checks.find((check) => check.name === name);
  if (found === undefined) throw new Error(`no finding named '${name}'`);
  return found;
}

const unsafe = (report: Report) =>
  report.checks
    .filter((check) => check.verdict === 'unsafe')
    .map((check) => `${check.name}: ${check.why}`);

describe('linklock check on real filesystems', () => {
  it('a bindfs view with the other view: safe with caveats (2 s caches, a watch blind to the other view)', async () => {
    const name = freshDirectory();
    const view1 = join(ROOT, 'view1', name);
    const { code, report } = await check([
      view1,
      '--other-view',
      join(ROOT, 'view2', name),
      '--processes',
      '2',
    ]);
    expect(unsafe(report)).toEqual([]);
    expect(code).toBe(0);
    expect(report.verdict).toBe('caveats');
    // Each view learns of the other's creates, size changes and removals through a 2 s cache.
    for (const side of ['attribute staleness', 'attribute staleness here']) {
      const stale = finding(report, side);
      expect(stale.verdict, side).toBe('caveat');
      expect(stale.measured.resizedMs, side).toBeGreaterThan(1_000);
    }
    // Reading opens the file, which goes to the backing store: a refresh is seen at once.
    for (const side of ['content staleness', 'content staleness here']) {
      expect(finding(report, side).measured.rewrittenMs, side).toBeLessThan(1_000);
    }
    expect(finding(report, 'directory watch').verdict).toBe('caveat');
    expect(finding(report, 'hard links').verdict).toBe('ok');
    expect(finding(report, 'contention run')).toMatchObject({
      verdict: 'ok',
      measured: { overlaps: 0 },
    });
    expect(finding(report, 'contention run').measured.counter).toBe(
      finding(report, 'contention run').measured.acquisitions,
    );
    expect(readdirSync(join(ROOT, 'backing', name))).toEqual([]);
  }, 240_000);

  it('sshfs with its backing directory as the other view: safe with caveats (~20 s attribute cache, nlink 1, inode numbers that differ)', async () => {
    const name = freshDirectory();
    const { code, report } = await check([
      join(ROOT, 'ssh', name),
      '--other-view',
      join(ROOT, 'backing', name),
      '--processes',
      '2',
    ]);
    expect(unsafe(report)).toEqual([]);
    expect(code).toBe(0);
    expect(report.verdict).toBe('caveats');
    // sshfs caches what the server said of a file it did not change itself for about 20 s.
    const here = finding(report, 'attribute staleness here');
    expect(here.verdict).toBe('caveat');
    expect(here.measured.resizedMs).toBeGreaterThan(5_000);
    // But the lock's read opens the file, and SFTP reads fresh content.
    expect(finding(report, 'content staleness here').measured.rewrittenMs).toBeLessThan(1_000);
    expect(finding(report, 'link counts')).toMatchObject({
      verdict: 'ok',
      why: expect.stringMatching(/^unreliable: 1, 1, 1, 1 /),
    });
    expect(finding(report, 'inode numbers').why).toMatch(
      /^unreliable: the two names of one file report /,
    );
    expect(finding(report, 'mtime resolution').why).toBe(
      'mtimes are in whole seconds (1 s declared)',
    );
    expect(finding(report, 'hard links').verdict).toBe('ok');
    expect(finding(report, 'contention run').measured.overlaps).toBe(0);
    expect(readdirSync(join(ROOT, 'backing', name))).toEqual([]);
  }, 300_000);
});
