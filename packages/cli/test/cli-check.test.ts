import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ERROR_SCHEMA, JSON_SCHEMAS } from '../src/json-schemas.js';
import {
  type CliResult,
  finished,
  runCli,
  type Started,
  startCli,
  useLockDirectory,
} from './run-cli.js';

// `linklock check <dir>` as users run it: the built command line on a directory of the local
// disk, its report, its JSON, its exit codes, and the scratch directory it must always remove.

const scene = useLockDirectory('linklock-cli-check-');
const ajv = new Ajv2020({ allErrors: true });

function jsonOf(result: CliResult, schema: object): Record<string, unknown> {
  const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
  expect(lines, `exactly one line on stdout: ${result.stdout}`).toHaveLength(1);
  const document = JSON.parse(lines[0] as string) as Record<string, unknown>;
  const validate = ajv.compile(schema);
  expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  return document;
}

/** Resolves once the child's stderr contains `text`. */
async function stderrShows(child: Started, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!child.output.stderr.includes(text)) {
    if (performance.now() > deadline || child.exitCode !== null) {
      throw new Error(`no ${JSON.stringify(text)} on stderr: ${child.output.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Processes of this machine whose command line mentions `text` (the check's children). */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (commandLine.includes(text)) found.push(`${pid}: ${commandLine}`);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

describe('linklock check <dir>', () => {
  it('a directory of the local disk: safe, exit 0, every section reported, nothing left', async () => {
    writeFileSync(join(scene.dir, 'theirs.txt'), "not the check's");
    const result = await runCli(['check', scene.dir, '--quick']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^linklock check ${scene.dir}\n`));
    for (const title of ['filesystem', 'operations', 'time', 'watch']) {
      expect(result.stdout).toMatch(new RegExp(`^${title}$`, 'm'));
    }
    expect(result.stdout).toMatch(
      /^ {2}ok +hard links +link\(\) makes a second name of one file$/m,
    );
    expect(result.stdout).toMatch(/^skipped \(--quick\): /m);
    expect(result.stdout).toMatch(/^verdict: safe \(\d+\.\d s\)$/m);
    expect(result.stderr).toContain('linklock check: checking the operations the lock is built on');
    expect(readdirSync(scene.dir)).toEqual(['theirs.txt']);
  });

  it('--json: one document of the schema docs/cli.md shows, verdict safe', async () => {
    const result = await runCli(['check', scene.dir, '--quick', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = jsonOf(result, JSON_SCHEMAS.check!);
    expect(report).toMatchObject({
      target: scene.dir,
      otherView: null,
      verdict: 'safe',
      quick: true,
    });
    const checks = report.checks as { section: string; name: string; verdict: string }[];
    expect(new Set(checks.map((check) => check.section))).toEqual(
      new Set(['filesystem', 'contract', 'lock', 'operations', 'time', 'watch']),
    );
    expect(checks.filter((check) => check.verdict !== 'ok')).toEqual([]);
    expect(checks.find((check) => check.name === 'exclusive create')).toMatchObject({
      section: 'operations',
      why: 'EEXIST on an existing name, the file unchanged',
    });
    expect(readdirSync(scene.dir)).toEqual([]);
  });

  it('--help describes every section, the verdicts and the exit codes', async () => {
    const help = await runCli(['check', '--help']);
    expect(help.code).toBe(0);
    for (const section of ['filesystem', 'contract', 'operations', 'time', 'contention', 'watch']) {
      expect(help.stdout).toMatch(new RegExp(`^ {2}${section} `, 'm'));
    }
    expect(help.stdout).toContain('Exit code: 0 when safe');
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}check /m);
  });

  it.each([
    [[], 'missing the directory to check'],
    [['/tmp', '/var'], 'unexpected argument "/var"'],
    [['/tmp', '--processes', '0'], '--processes expects a whole number >= 1, got "0"'],
    [['/tmp', '--frobnicate'], '--frobnicate'],
    [['nfs://nas/srv', '--other-view', '/tmp'], 'an nfs:// target has no other view'],
    [['nfs://nas/srv?colour=blue'], 'colour'],
  ])('a usage error exits 2 with one line and the hint: %j', async (args, message) => {
    const result = await runCli(['check', ...args]);
    expect(result.code).toBe(2);
    const [first, hint] = result.stderr.trim().split('\n');
    expect(first).toMatch(/^linklock: /);
    expect(first).toContain(message);
    expect(hint).toBe('(see linklock check --help)');
    const json = await runCli(['check', ...args, '--json']);
    expect(jsonOf(json, ERROR_SCHEMA)).toMatchObject({ error: { code: 'EUSAGE' } });
  });

  it('a missing directory, or a file: exit 1, naming it, nothing made', async () => {
    const missing = join(scene.dir, 'nope');
    const result = await runCli(['check', missing]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`linklock: the directory ${missing} does not exist (ENOENT)`);
    expect(result.stdout).toBe('');
    const json = await runCli(['check', missing, '--json']);
    expect(json.code).toBe(1);
    expect(jsonOf(json, ERROR_SCHEMA)).toEqual({
      error: { code: 'ENOENT', message: `the directory ${missing} does not exist` },
    });
    const file = join(scene.dir, 'a-file');
    writeFileSync(file, '');
    const notDirectory = await runCli(['check', file]);
    expect(notDirectory.code).toBe(1);
    expect(notDirectory.stderr).toContain(`${file} is not a directory (ENOTDIR)`);
    expect(readdirSync(scene.dir)).toEqual(['a-file']);
  });

  it('an --other-view that is not the same directory: exit 1, saying so, the scratch directory removed', async () => {
    const other = join(scene.dir, 'elsewhere');
    const target = join(scene.dir, 'target');
    mkdirSync(other);
    mkdirSync(target);
    const result = await runCli(['check', target, '--other-view', other, '--quick'], {
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`--other-view ${other} is not another view of ${target}`);
    expect(readdirSync(target)).toEqual([]);
  }, 90_000);
});

describe('linklock check, interrupted', () => {
  it('Ctrl-C while the suites run: exit 130, the scratch directory removed', async () => {
    const child = scene.track(startCli(['check', scene.dir]));
    await stderrShows(child, 'lock semantics: ');
    expect(readdirSync(scene.dir)).toHaveLength(1); // the scratch directory, while it runs
    child.kill('SIGINT');
    const result = await finished(child);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(
      'linklock check: interrupted (SIGINT); removing the scratch directory',
    );
    expect(readdirSync(scene.dir)).toEqual([]);
  }, 90_000);

  it('Ctrl-C during the contention run: its processes killed, the scratch directory removed, --json says EINTR', async () => {
    const child = scene.track(startCli(['check', scene.dir, '--processes', '2', '--json']));
    await stderrShows(child, 'checking a contention run (2 processes)', 120_000);
    const scratch = readdirSync(scene.dir)[0] as string;
    await waitFor(() => processesMentioning(scratch).length >= 2);
    child.kill('SIGINT');
    const result = await finished(child);
    expect(result.code).toBe(130);
    expect(jsonOf(result, ERROR_SCHEMA)).toEqual({
      error: { code: 'EINTR', message: 'interrupted by SIGINT' },
    });
    expect(readdirSync(scene.dir)).toEqual([]);
    // Killed: gone from the process table as soon as they are reaped.
    await waitFor(() => processesMentioning(scratch).length === 0, 5_000);
  }, 180_000);
});

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
