import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ERROR_SCHEMA, JSON_SCHEMAS } from '../src/json-schemas.js';
import { type CliResult, runCli, useLockDirectory } from './run-cli.js';

// Every command given --json prints exactly one JSON object on stdout, on success and on every
// error, and it matches the schema docs/cli.md shows.
const scene = useLockDirectory('linklock-cli-json-');
const ajv = new Ajv2020({
  allErrors: true,
  formats: { 'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/ },
});

/** The one JSON object on stdout, checked against `schema`. */
function documentOf(result: CliResult, schema: object): Record<string, unknown> {
  const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
  expect(lines, `exactly one line on stdout: ${result.stdout}`).toHaveLength(1);
  const document = JSON.parse(lines[0] as string) as Record<string, unknown>;
  const validate = ajv.compile(schema);
  expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  return document;
}

const asError = (result: CliResult) => documentOf(result, ERROR_SCHEMA);

describe('--json output', () => {
  it('status: unlocked, held (the holder object), a directory (foreign), a missing directory', async () => {
    const unlocked = documentOf(
      await runCli(['status', scene.lockfile, '--json']),
      JSON_SCHEMAS.status!,
    );
    expect(unlocked).toMatchObject({ state: 'unlocked', holder: null, foreign: null });
    const holder = await scene.holdLock();
    const held = documentOf(
      await runCli(['status', scene.lockfile, '--json']),
      JSON_SCHEMAS.status!,
    );
    expect(held).toMatchObject({
      state: 'held',
      holder: { pid: holder.pid, token: null },
      foreign: null,
    });
    holder.kill('SIGTERM');
    const directory = join(scene.dir, 'sub.lock');
    mkdirSync(directory);
    const foreign = documentOf(await runCli(['status', directory, '--json']), JSON_SCHEMAS.status!);
    expect(foreign).toMatchObject({ state: 'foreign', holder: null, foreign: 'a directory' });
    const missing = await runCli(['status', join(scene.dir, 'nope', 'x.lock'), '--json']);
    expect(missing.code).toBe(1);
    expect(asError(missing)).toEqual({
      error: { code: 'ENOENT', message: expect.stringContaining('does not exist') },
      lockfile: join(scene.dir, 'nope', 'x.lock'),
    });
  });

  it('run: acquired; not acquired (the holder object); a command that cannot start (127)', async () => {
    const done = await runCli(['run', scene.lockfile, '--json', '--', 'true']);
    expect(documentOf(done, JSON_SCHEMAS.run!)).toMatchObject({
      acquired: true,
      exitCode: 0,
      holder: null,
    });
    const missing = await runCli(['run', scene.lockfile, '--json', '--', 'no-such-command-xyz']);
    expect(missing.code).toBe(127);
    expect(documentOf(missing, JSON_SCHEMAS.run!)).toMatchObject({
      acquired: true,
      exitCode: 127,
      signal: null,
    });
    const holder = await scene.holdLock();
    const busy = await runCli(['run', scene.lockfile, '--nonblock', '--json', '--', 'true']);
    expect(busy.code).toBe(75);
    expect(documentOf(busy, JSON_SCHEMAS.run!)).toMatchObject({
      acquired: false,
      exitCode: null,
      holder: { pid: holder.pid },
    });
  });

  it('break: a path that never held a lock says so (no holder), a live lock is refused', async () => {
    const never = await runCli(['break', scene.lockfile, '--json']);
    expect(never.code).toBe(0);
    expect(documentOf(never, JSON_SCHEMAS.break!)).toEqual({
      lockfile: scene.lockfile,
      result: 'unlocked',
      holder: null,
      foreign: null,
    });
    const holder = await scene.holdLock();
    const live = await runCli(['break', scene.lockfile, '--json']);
    expect(live.code).toBe(1);
    expect(documentOf(live, JSON_SCHEMAS.break!)).toMatchObject({
      result: 'live',
      holder: { pid: holder.pid },
    });
  });

  it('simulate, replay and demo', async () => {
    const simulated = await runCli([
      'simulate',
      '--seeds',
      '3',
      '--profile',
      'lossy',
      '--algorithm',
      'mailman21',
      '--json',
    ]);
    documentOf(simulated, JSON_SCHEMAS.simulate!);
    const replayed = await runCli([
      'replay',
      '--seed',
      '6',
      '--profile',
      'lossy',
      '--algorithm',
      'all',
      '--json',
    ]);
    documentOf(replayed, JSON_SCHEMAS.replay!);
    const demo = await runCli(
      ['demo', '--processes', '2', '--iterations', '3', '--seeds', '8', '--json'],
      {
        timeoutMs: 120_000,
      },
    );
    expect(demo.code, demo.stderr).toBe(0);
    documentOf(demo, JSON_SCHEMAS.demo!);
  }, 150_000);

  it.each([
    [['status', '--json']],
    [['run', '/tmp/x.lock', '--timeout', '-5', '--json', '--', 'true']],
    [['break', '/tmp/x.lock', '--frobnicate', '--json']],
    [['simulate', '--profile', 'ntfs', '--json']],
    [['replay', '--json']],
    [['demo', '--seeds', '0', '--json']],
    [['--bogus', '--json']],
  ])('a usage error is one error object too: %j', async (args) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(asError(result)).toMatchObject({ error: { code: 'EUSAGE' } });
    expect(result.stderr.trim().split('\n')[0]).toMatch(/^linklock: /);
  });
});

describe('the schemas in docs/cli.md', () => {
  const docs = readFileSync(new URL('../../../docs/cli.md', import.meta.url), 'utf8');

  it.each(Object.entries({ ...JSON_SCHEMAS, error: ERROR_SCHEMA }))(
    '%s is shown verbatim',
    (_name, schema) => {
      expect(docs).toContain(JSON.stringify(schema, null, 2));
    },
  );
});
